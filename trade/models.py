"""Trade accounts (other shops buying at trade terms), their invoices and
payments, and copies sent on sale or return.

A trade account is applied for by a signed-in customer and may have several
member customers who order for it; a customer belongs to at most one.
Money is pounds in ``Decimal``; an invoice's ``amount_paid`` only changes
through a conditional update that keeps it within the total.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from cart.countries import country_name

ZERO = Decimal("0.00")


def default_discount() -> Decimal:
    return Decimal(settings.TRADE_DISCOUNT_PERCENT)


def default_payment_days() -> int:
    return settings.TRADE_PAYMENT_DAYS


class TradeAccount(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "waiting for a decision"
        APPROVED = "approved", "approved"
        DECLINED = "declined", "declined"

    class SellsThrough(models.TextChoices):
        SHOP = "shop", "a bookshop"
        STALL = "stall", "a stall (bookfairs, markets, gigs)"
        INFOSHOP = "infoshop", "an infoshop or social centre"
        LIBRARY = "library", "a library"

    organisation = models.CharField(max_length=200)
    contact_name = models.CharField("contact name", max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    line1 = models.CharField("address line 1", max_length=200)
    line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField("town or city", max_length=100)
    region = models.CharField("county, state or region", max_length=100, blank=True)
    postcode = models.CharField("postcode or ZIP", max_length=20, blank=True)
    country = models.CharField(max_length=2, default="GB")
    website = models.URLField("website or social media link", max_length=300)
    sells_through = models.CharField(
        "how you sell", max_length=20, choices=SellsThrough.choices
    )
    about = models.TextField("anything else we should know", blank=True)

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    discount_percent = models.DecimalField(
        "trade discount (%)",
        max_digits=5,
        decimal_places=2,
        default=default_discount,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    payment_days = models.PositiveSmallIntegerField(
        "invoices due after (days)",
        default=default_payment_days,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    credit_limit = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Most the account may owe on invoices; empty for no limit.",
    )
    on_hold = models.BooleanField(
        default=False, help_text="No new orders on invoice while on hold."
    )
    hold_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0, discount_percent__lte=100),
                name="trade_discount_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(on_hold=False) | ~Q(hold_reason=""),
                name="trade_hold_has_reason",
            ),
        ]

    def __str__(self):
        return self.organisation

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def address_lines(self):
        parts = [self.line1, self.line2, self.city, self.region, self.postcode]
        return [p for p in parts + [country_name(self.country)] if p]


class Member(models.Model):
    """A customer who orders for a trade account."""

    account = models.ForeignKey(
        TradeAccount, on_delete=models.CASCADE, related_name="members"
    )
    customer = models.OneToOneField(
        "accounts.Customer", on_delete=models.CASCADE, related_name="trade_member"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self):
        return f"{self.customer} for {self.account}"


class InvoiceCounter(models.Model):
    """The last invoice number issued: one row, moved on inside each invoice's
    transaction, so a rolled-back invoice leaves no gap."""

    name = models.CharField(max_length=20, primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.name}: {self.last_number}"


class InvoiceQuerySet(models.QuerySet):
    def unpaid(self):
        return self.filter(amount_paid__lt=F("total") - F("amount_credited"))

    def paid(self):
        return self.filter(amount_paid__gte=F("total") - F("amount_credited"))

    def overdue(self, today=None):
        return self.unpaid().filter(due_on__lt=today or timezone.localdate())


class Invoice(models.Model):
    number = models.PositiveIntegerField(unique=True, editable=False)
    account = models.ForeignKey(
        TradeAccount, on_delete=models.PROTECT, related_name="invoices"
    )
    order = models.OneToOneField(
        "checkout.Order",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoice",
    )
    consignment = models.ForeignKey(
        "Consignment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    issued_on = models.DateField()
    due_on = models.DateField()
    # The buyer as they were when invoiced.
    buyer_name = models.CharField(max_length=200)
    buyer_contact = models.CharField(max_length=200)
    buyer_address = models.TextField()
    subtotal = models.DecimalField(max_digits=10, decimal_places=2)
    postage = models.DecimalField(max_digits=10, decimal_places=2, default=ZERO)
    total = models.DecimalField(max_digits=10, decimal_places=2)
    amount_paid = models.DecimalField(max_digits=10, decimal_places=2, default=ZERO)
    # The total of its credit notes (``credit_notes``), never above ``total``.
    amount_credited = models.DecimalField(
        max_digits=10, decimal_places=2, default=ZERO, db_default=ZERO
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0, amount_paid__lte=F("total")),
                name="invoice_paid_within_total",
            )
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("trade:invoice", args=[self.number])

    @property
    def label(self):
        return f"{settings.TRADE_INVOICE_PREFIX}{self.number:05d}"

    @property
    def balance(self) -> Decimal:
        """What is owed: below zero, what the shop owes back after a credit note."""
        return self.total - self.amount_paid - self.amount_credited

    @property
    def refund_due(self) -> Decimal:
        return max(-self.balance, ZERO)

    @property
    def is_paid(self):
        return self.balance <= 0

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return not self.is_paid and self.due_on < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    # What a credit note puts back on the shelf (empty for lines issued before).
    product = models.ForeignKey(
        "catalog.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(max_length=300)
    isbn = models.CharField(max_length=20, blank=True)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    cover_price = models.DecimalField(max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    line_total = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.quantity} × {self.title}"


class Payment(models.Model):
    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", "bank transfer"
        CHEQUE = "cheque", "cheque"
        CASH = "cash", "cash"
        CARD = "card", "card"

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    received_on = models.DateField(default=timezone.localdate)
    method = models.CharField(
        max_length=20, choices=Method.choices, default=Method.BANK_TRANSFER
    )
    reference = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive")
        ]

    def __str__(self):
        return f"{self.amount} for {self.invoice}"


class Consignment(models.Model):
    """Copies sent to a trade account on sale or return."""

    account = models.ForeignKey(
        TradeAccount, on_delete=models.PROTECT, related_name="consignments"
    )
    sent_on = models.DateField(default=timezone.localdate)
    note = models.CharField(max_length=300, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]

    def __str__(self):
        return f"Consignment {self.pk} to {self.account}"

    def get_absolute_url(self):
        return reverse("trade:consignments")

    @property
    def is_open(self):
        """Return whether copies are still out (reads the lines, prefetched)."""
        return any(line.outstanding for line in self.lines.all())


class ConsignmentLine(models.Model):
    consignment = models.ForeignKey(
        Consignment, on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    # The price the account pays for a copy it sells, fixed when sent.
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    cover_price = models.DecimalField(max_digits=10, decimal_places=2)
    quantity_sent = models.PositiveIntegerField()
    quantity_returned = models.PositiveIntegerField(default=0)
    quantity_sold = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity_sent__gt=0), name="consignment_sends_some"
            ),
            models.CheckConstraint(
                condition=Q(
                    quantity_sent__gte=F("quantity_returned") + F("quantity_sold")
                ),
                name="consignment_settles_at_most_sent",
            ),
        ]

    def __str__(self):
        return f"{self.quantity_sent} × {self.title}"

    @property
    def outstanding(self) -> int:
        return self.quantity_sent - self.quantity_returned - self.quantity_sold


# Credit notes against invoices have their own module; Django finds them here.
from .credit_note_models import CreditNote, CreditNoteLine  # noqa: E402, F401

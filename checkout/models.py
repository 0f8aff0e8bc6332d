import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from cart.countries import country_name

from . import payments

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a number read out over the phone is never misheard.
NUMBER_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
NUMBER_PREFIX = "RB-"


def new_order_number() -> str:
    """Return a random order number such as ``RB-7KQ4MXT9``: quotable, not a count."""
    return NUMBER_PREFIX + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))


def new_order_token() -> str:
    return secrets.token_urlsafe(32)


class Terms(models.Model):
    """The shop's terms of sale; the most recently edited version is the one shown."""

    title = models.CharField(max_length=200, default="Terms of sale")
    body = models.TextField(help_text="Separate paragraphs with a blank line.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name_plural = "terms"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("checkout:terms")


class Order(models.Model):
    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", "awaiting payment"
        PAID = "paid", "paid"
        SHIPPED = "shipped", "shipped"
        CANCELLED = "cancelled", "cancelled"
        REFUNDED = "refunded", "refunded"
        PAYMENT_FAILED = "payment_failed", "payment failed"
        EXPIRED = "expired", "expired"
        INVOICED = "invoiced", "to be paid on invoice"

    class PaymentMethod(models.TextChoices):
        CARD = "card", "card"
        BANK_TRANSFER = "bank_transfer", "bank transfer"
        CHEQUE = "cheque", "cheque"
        COLLECTION = "collection", "pay on collection"
        INVOICE = "invoice", "invoice"

    class DeliverTo(models.TextChoices):
        ADDRESS = "address", "the shopper's address"
        # Bought for a prisoner: staff post it from the prisoner-support queue.
        PRISONER_SUPPORT = "prisoner_support", "the prisoner-support queue"

    # Which status may follow which, as oscar's ``Order.pipeline``: every
    # change goes through ``services.set_status``, which reads only this.
    # An order that ended unpaid becomes paid only through a late card
    # payment that took its stock again; one flagged for staff may be refunded.
    pipeline = {
        Status.AWAITING_PAYMENT: frozenset(
            {
                Status.PAID,
                Status.CANCELLED,
                Status.EXPIRED,
                Status.PAYMENT_FAILED,
                Status.REFUNDED,
            }
        ),
        Status.PAID: frozenset({Status.SHIPPED, Status.REFUNDED}),
        Status.SHIPPED: frozenset({Status.REFUNDED}),
        Status.CANCELLED: frozenset({Status.PAID, Status.REFUNDED}),
        Status.EXPIRED: frozenset({Status.PAID, Status.REFUNDED}),
        Status.PAYMENT_FAILED: frozenset({Status.PAID, Status.REFUNDED}),
        Status.REFUNDED: frozenset(),
        # A trade order on invoice is sent before it is paid; the invoice
        # (trade app) records the payments.
        Status.INVOICED: frozenset({Status.SHIPPED}),
    }
    UNPAID_ENDINGS = frozenset(
        {Status.CANCELLED, Status.EXPIRED, Status.PAYMENT_FAILED}
    )

    number = models.CharField(
        max_length=20, unique=True, default=new_order_number, editable=False
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_order_token, editable=False
    )
    # One per review page: a second click on "Place order" finds the first order.
    checkout_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.AWAITING_PAYMENT,
        db_index=True,
    )
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices)

    # The customer account the order belongs to: set when a signed-in
    # customer orders, or when an account's email is verified (its earlier
    # guest orders under that email). Deleting the account keeps the order.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    email = models.EmailField()
    name = models.CharField(max_length=200)
    line1 = models.CharField("address line 1", max_length=200)
    line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField("town or city", max_length=100)
    region = models.CharField("county, state or region", max_length=100, blank=True)
    postcode = models.CharField("postcode or ZIP", max_length=20, blank=True)
    country = models.CharField(max_length=2)
    note = models.TextField(blank=True)
    priced_for = models.CharField(
        "trade prices for",
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="The trade account whose prices the order has; empty for retail.",
    )

    subtotal = models.DecimalField(max_digits=10, decimal_places=2)
    shipping_method_name = models.CharField("postage method", max_length=100)
    is_collection = models.BooleanField("collect from the shop", default=False)
    shipping_price = models.DecimalField("postage", max_digits=10, decimal_places=2)
    # The code used, copied when the order was placed: total = subtotal +
    # postage - discount (``discounts.rules``).
    discount_code = models.CharField(
        max_length=40, blank=True, default="", db_default=""
    )
    discount_words = models.CharField(
        "discount", max_length=160, blank=True, default="", db_default=""
    )
    discount = models.DecimalField(
        "discount amount", max_digits=10, decimal_places=2, default=0, db_default=0
    )
    # Given to the prisoner fund at checkout, part of the total: total =
    # subtotal + postage - discount + donation.
    donation = models.DecimalField(
        "donation to the prisoner fund",
        max_digits=10,
        decimal_places=2,
        default=0,
        db_default=0,
        validators=[MinValueValidator(0)],
    )
    deliver_to = models.CharField(
        max_length=20,
        choices=DeliverTo.choices,
        default=DeliverTo.ADDRESS,
        db_default=DeliverTo.ADDRESS,
    )
    total = models.DecimalField(max_digits=10, decimal_places=2)

    stripe_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_payment_intent = models.CharField(max_length=255, blank=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    refunded_amount = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    tracking_reference = models.CharField(max_length=200, blank=True)
    stock_released = models.BooleanField(
        default=False, help_text="The order's stock has gone back on the shelf."
    )
    needs_attention = models.BooleanField(
        default=False,
        help_text="Something staff must look at, e.g. paid after the order expired.",
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0), name="order_total_not_negative"
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("checkout:order", args=[self.token])

    @property
    def country_name(self):
        return country_name(self.country)

    def may_become(self, status: str) -> bool:
        """Return whether ``status`` may follow the order's status (``pipeline``)."""
        return status in self.pipeline[self.status]

    def postage_discount(self, lines) -> Decimal:
        """Return the part of the discount taken off postage (free-postage codes)."""
        return self.discount - sum((line.discount for line in lines), Decimal(0))

    @property
    def for_prisoner(self):
        return self.deliver_to == self.DeliverTo.PRISONER_SUPPORT

    @property
    def is_offline(self):
        return self.payment_method != self.PaymentMethod.CARD

    @property
    def is_card(self):
        return self.payment_method == self.PaymentMethod.CARD

    @property
    def is_invoiced(self):
        return self.payment_method == self.PaymentMethod.INVOICE

    @property
    def is_awaiting_payment(self):
        return self.status == self.Status.AWAITING_PAYMENT

    @property
    def has_ended_unpaid(self):
        """Return whether the order was cancelled, expired or failed before payment."""
        return self.status in self.UNPAID_ENDINGS

    @property
    def can_pay_by_card(self):
        """Return whether the shopper may (still) be sent to Stripe to pay."""
        return self.is_card and self.is_awaiting_payment and payments.is_enabled()

    @property
    def can_refund(self):
        """Return whether staff may refund the order now.

        Paid and shipped orders; and card orders flagged for staff because
        money arrived that the shop could not accept (late, or the wrong amount).
        """
        if self.status in (self.Status.PAID, self.Status.SHIPPED):
            return True
        return bool(
            self.is_card
            and self.needs_attention
            and self.stripe_payment_intent
            and (self.is_awaiting_payment or self.has_ended_unpaid)
        )

    @property
    def payment_instructions(self):
        """Return what the shopper must do to pay, for offline methods."""
        if self.payment_method == self.PaymentMethod.BANK_TRANSFER:
            return settings.BANK_TRANSFER_DETAILS
        if self.payment_method == self.PaymentMethod.CHEQUE:
            return settings.CHEQUE_DETAILS
        return ""

    @property
    def payment_phrase(self):
        """Return how an offline payment is made, to follow "Please pay £x"."""
        if self.payment_method == self.PaymentMethod.COLLECTION:
            return "when you collect your order from the shop"
        return f"by {self.get_payment_method_display()}, quoting {self.number}"


class OrderLine(models.Model):
    """What was sold, copied at the time of sale so later edits never change it."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
    )
    title = models.CharField(max_length=200)
    byline = models.CharField(max_length=300, blank=True)
    unit_price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    line_total = models.DecimalField(max_digits=10, decimal_places=2)
    # The solidarity choice and the list price beside it, for the fund's balance.
    price_choice = models.CharField(max_length=20, default="list", db_default="list")
    cover_price = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    # This line's share of the order's discount code (what Stripe is sent off it).
    discount = models.DecimalField(
        max_digits=10, decimal_places=2, default=0, db_default=0
    )
    # How many came off the shelf: a backorder line may take none (see services).
    stock_taken = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.quantity} × {self.title}"


class StatusChange(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        max_length=20, choices=Order.Status.choices, blank=True
    )
    to_status = models.CharField(max_length=20, choices=Order.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return (
            f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"
        )

    @property
    def who(self):
        return str(self.changed_by) if self.changed_by else "shop"


class StripeEvent(models.Model):
    """A Stripe event already handled: each event id is acted on once."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True)
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"

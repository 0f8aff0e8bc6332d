"""Books for prisoners: prisons and their rules on books, the requests in the
prisoner-support queue, and the books packed for each (docs/prisoners.md)."""

import secrets

from django.core.validators import MinValueValidator
from django.db import models

from checkout.models import NUMBER_ALPHABET, Order

MASK = "•••••"


def new_reference() -> str:
    """Return a request's reference such as ``PR-7KQ4MXT9``: quotable, not a count."""
    return "PR-" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))


class Prison(models.Model):
    """A prison and the rules it sets on books sent in."""

    name = models.CharField(max_length=200, unique=True)
    address = models.TextField(help_text="The address parcels are sent to.")
    allows_hardbacks = models.BooleanField(
        default=False, help_text="Most prisons accept paperbacks only."
    )
    max_books = models.PositiveSmallIntegerField(
        "most books per parcel",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Empty: no limit.",
    )
    rules = models.TextField(
        "rules on books",
        blank=True,
        help_text="What the prison asks for, printed on every packing slip.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PrisonerRequest(models.Model):
    """An item in the prisoner-support queue: books asked for by a support
    group's form, or bought for a prisoner by a shopper (``order``)."""

    class Status(models.TextChoices):
        NEW = "new", "new"
        ACCEPTED = "accepted", "accepted"
        PACKED = "packed", "packed"
        SENT = "sent", "sent"
        DECLINED = "declined", "declined"

    class Source(models.TextChoices):
        FORM = "form", "support group's request"
        ORDER = "order", "bought for a prisoner"

    # Which status may follow which; every change goes through
    # ``services.set_status``, which reads only this.
    pipeline = {
        Status.NEW: frozenset({Status.ACCEPTED, Status.DECLINED}),
        Status.ACCEPTED: frozenset({Status.PACKED, Status.DECLINED}),
        Status.PACKED: frozenset({Status.SENT}),
        Status.SENT: frozenset(),
        Status.DECLINED: frozenset(),
    }
    CLOSED = frozenset({Status.SENT, Status.DECLINED})

    reference = models.CharField(
        max_length=20, unique=True, default=new_reference, editable=False
    )
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.FORM, editable=False
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The shopper's order that paid for the books (stock taken with it).
    order = models.OneToOneField(
        Order,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prisoner_request",
        editable=False,
    )
    group_name = models.CharField("support group", max_length=200, blank=True)
    group_email = models.EmailField("group's email", blank=True)

    # Personal data: shown only with ``view_prisoner_details``, never emailed,
    # removed ``PRISONER_DATA_RETENTION_DAYS`` after the request closes.
    prisoner_name = models.CharField(max_length=200, blank=True)
    prisoner_number = models.CharField(max_length=40, blank=True)
    prison_name = models.CharField("prison, as asked", max_length=200, blank=True)
    prison_address = models.TextField("prison's address, as asked", blank=True)
    prison = models.ForeignKey(
        Prison,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        help_text="The prison record whose rules the parcel must keep.",
    )
    titles_wanted = models.TextField("books asked for", blank=True)
    wanted = models.ManyToManyField(
        "catalog.Product", blank=True, related_name="+", verbose_name="from our list"
    )
    rules_notes = models.TextField("the prison's rules, as the group says", blank=True)
    slip_note = models.TextField(
        "note on the packing slip", blank=True, help_text="Printed for the prison."
    )
    decline_reason = models.CharField(max_length=500, blank=True)

    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "prisoner request"
        permissions = [
            (
                "view_prisoner_details",
                "Can see prisoners' names and numbers and print packing slips",
            )
        ]

    def __str__(self):
        return self.reference

    def may_become(self, status: str) -> bool:
        return status in self.pipeline[self.status]

    @property
    def is_open(self):
        return self.status not in self.CLOSED

    @property
    def books_editable(self):
        """Return whether staff may still choose books (before packing)."""
        return self.status in (self.Status.NEW, self.Status.ACCEPTED)


class RequestBook(models.Model):
    """A book packed for a request: from the shop's stock (charged to the fund
    when packed) or from the order a shopper paid for."""

    request = models.ForeignKey(
        PrisonerRequest, on_delete=models.CASCADE, related_name="books"
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1)]
    )
    # Set when packed: what the prisoner fund paid (nothing for a bought book).
    cost = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    from_order = models.BooleanField(default=False, editable=False)
    stock_taken = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.quantity} × {self.product}"

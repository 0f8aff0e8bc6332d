"""Credit notes: money taken off an issued invoice, for copies returned or an
order cut down, numbered in their own gap-free sequence (``credit_notes``).

A credit note never changes its invoice's lines or total: it is a document of
its own, and the invoice's ``amount_credited`` adds up its credit notes.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse


class CreditNote(models.Model):
    number = models.PositiveIntegerField(unique=True, editable=False)
    invoice = models.ForeignKey(
        "trade.Invoice", on_delete=models.PROTECT, related_name="credit_notes"
    )
    issued_on = models.DateField()
    reason = models.CharField(max_length=300)
    subtotal = models.DecimalField(max_digits=10, decimal_places=2)
    postage = models.DecimalField(max_digits=10, decimal_places=2)
    total = models.DecimalField(max_digits=10, decimal_places=2)
    # Whether the copies credited went back into stock.
    restocked = models.BooleanField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gt=0, subtotal__gte=0, postage__gte=0),
                name="credit_note_positive",
            )
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("trade:credit_note", args=[self.number])

    @property
    def label(self):
        return f"{settings.TRADE_CREDIT_NOTE_PREFIX}{self.number:05d}"


class CreditNoteLine(models.Model):
    credit_note = models.ForeignKey(
        CreditNote, on_delete=models.CASCADE, related_name="lines"
    )
    invoice_line = models.ForeignKey(
        "trade.InvoiceLine", on_delete=models.PROTECT, related_name="credited"
    )
    title = models.CharField(max_length=300)
    isbn = models.CharField(max_length=20, blank=True)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    line_total = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="credit_note_line_some"
            )
        ]

    def __str__(self):
        return f"{self.quantity} × {self.title}"

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from catalog.models import Category, Product, Publisher


def normalise_code(text: str) -> str:
    """Return a code as stored: capitals, no spaces (" bookfair 10" → BOOKFAIR10)."""
    return re.sub(r"\s+", "", str(text or "")).upper()


class Discount(models.Model):
    """A code staff hand out: money off the goods, or free postage."""

    class Kind(models.TextChoices):
        PERCENT = "percent", "Percentage off"
        AMOUNT = "amount", "Fixed amount off"
        FREE_POSTAGE = "free_postage", "Free postage"

    code = models.CharField(
        max_length=40,
        unique=True,
        help_text="What the shopper types; stored in capitals without spaces.",
    )
    description = models.CharField(
        max_length=100,
        blank=True,
        help_text="What it is off, in the shopper's words, e.g. “books”: "
        "shown as “10% off books”. Leave empty for the whole order.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERCENT)
    value = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="The percentage (1–100) or the amount in pounds; "
        "ignored for free postage.",
    )
    minimum_spend = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Goods (after trade prices, before this code) must come to this.",
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(
        "total uses", null=True, blank=True, help_text="Empty: no limit."
    )
    uses = models.PositiveIntegerField("used", default=0, editable=False)
    max_uses_per_customer = models.PositiveIntegerField(
        "uses per customer",
        null=True,
        blank=True,
        help_text="Per email address (or account). Empty: no limit.",
    )
    products = models.ManyToManyField(Product, blank=True, related_name="+")
    categories = models.ManyToManyField(Category, blank=True, related_name="+")
    publishers = models.ManyToManyField(Publisher, blank=True, related_name="+")
    applies_to_trade = models.BooleanField(
        "also for trade prices",
        default=False,
        help_text="Off: trade buyers cannot use this code on top of their prices.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_uses__isnull=True) | Q(uses__lte=models.F("max_uses")),
                name="discount_uses_within_limit",
            ),
            models.CheckConstraint(
                condition=~Q(kind="percent") | Q(value__gt=0, value__lte=100),
                name="discount_percent_in_range",
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.code = normalise_code(self.code)
        super().save(*args, **kwargs)

    def clean(self):
        self.code = normalise_code(self.code)
        if not re.fullmatch(r"[A-Z0-9_-]{2,40}", self.code):
            raise ValidationError({"code": "Use 2 to 40 letters, digits, “-” or “_”."})
        if self.kind == self.Kind.PERCENT and not 0 < (self.value or 0) <= 100:
            raise ValidationError({"value": "A percentage is between 1 and 100."})
        if self.kind == self.Kind.AMOUNT and not (self.value or 0) > 0:
            raise ValidationError({"value": "Give the amount off in pounds."})
        if self.max_uses is not None and self.max_uses < self.uses:
            raise ValidationError(
                {"max_uses": f"It has been used {self.uses} times already."}
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must come after the start."})


class Redemption(models.Model):
    """One use of a code by one order; deleted when an unpaid order ends."""

    discount = models.ForeignKey(
        Discount, on_delete=models.PROTECT, related_name="redemptions"
    )
    order_number = models.CharField(max_length=20, unique=True)
    email = models.EmailField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.discount} on {self.order_number}"

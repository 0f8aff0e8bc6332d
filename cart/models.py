from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from catalog.models import Product

from .countries import COUNTRIES


class Cart(models.Model):
    """A shopper's cart: one per browser session, tied to the user once logged in."""

    session_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="carts",
    )
    country = models.CharField(
        "destination country", max_length=2, default=settings.SHIPPING_DEFAULT_COUNTRY
    )
    shipping_method = models.ForeignKey(
        "ShippingMethod", null=True, blank=True, on_delete=models.SET_NULL
    )
    # One code per cart; ``cart_totals`` re-checks it every time (discounts.rules).
    discount = models.ForeignKey(
        "discounts.Discount", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Not a column: True on the instance ``services.get_or_create_cart`` has
    # just inserted, which has no lines yet and a fresh ``updated_at``.
    created_now = False

    def __str__(self):
        return f"Cart {self.pk}"


class CartLine(models.Model):
    """A quantity of one product; the cart always charges today's price."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    # A deleted product leaves its line behind (product None) so the shopper
    # can be told by name that it left the cart, rather than it vanishing.
    product = models.ForeignKey(
        Product, null=True, on_delete=models.SET_NULL, related_name="cart_lines"
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="The product's title when it was added."
    )
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    # The solidarity choice (cart.pricing): a choice, never an amount…
    price_choice = models.CharField(max_length=20, default="list", db_default="list")
    # …except the amount typed for "pay what you can" (choice "pwyc"), checked
    # against the product's range when typed and priced by ``price_for``,
    # which never charges outside today's range.
    price_amount = models.DecimalField(
        "amount chosen", max_digits=10, decimal_places=2, null=True, blank=True
    )
    # What the shopper saw when they added it: only to tell them, on the cart
    # page, that the price has changed since. Never used to charge.
    price_seen = models.DecimalField(
        "price when added", max_digits=10, decimal_places=2, null=True, blank=True
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cart", "product"], name="cartline_one_per_product"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="cartline_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product or self.title}"


class Zone(models.Model):
    """A postage zone: a set of countries (ISO 3166 alpha-2 codes)."""

    name = models.CharField(max_length=100, unique=True)
    countries = models.TextField(
        blank=True,
        help_text="Two-letter country codes separated by spaces or commas, e.g. “GB”.",
    )
    is_default = models.BooleanField(
        "rest of the world",
        default=False,
        help_text="Used for every country no other zone lists.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="zone_one_default",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        unknown = sorted(self.country_codes - COUNTRIES.keys())
        if unknown:
            raise ValidationError(
                {"countries": f"Unknown country codes: {', '.join(unknown)}."}
            )
        self.countries = " ".join(sorted(self.country_codes))

    @property
    def country_codes(self):
        return {c.strip().upper() for c in self.countries.replace(",", " ").split()}


class ShippingMethod(models.Model):
    """A way to send a parcel to a zone, priced by weight bands."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="methods")
    name = models.CharField(max_length=100)
    is_collection = models.BooleanField(
        "collect from the shop",
        default=False,
        help_text="No postage: no weight bands needed.",
    )
    handling_charge = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="Added to the band price for every order.",
    )
    free_over = models.DecimalField(
        "free postage from",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Goods subtotal at or above which this method is free.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(handling_charge__gte=0), name="method_handling_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.zone})"


class WeightBand(models.Model):
    """A price for parcels from ``min_grams`` (inclusive) to ``max_grams``
    (exclusive)."""

    method = models.ForeignKey(
        ShippingMethod, on_delete=models.CASCADE, related_name="bands"
    )
    min_grams = models.PositiveIntegerField(default=0)
    max_grams = models.PositiveIntegerField()
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["min_grams"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_grams__gt=F("min_grams")),
                name="band_not_empty",
                violation_error_message=(
                    "A band's upper weight must be more than its lower weight."
                ),
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0), name="band_price_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.min_grams}–{self.max_grams} g"

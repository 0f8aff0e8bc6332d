"""The prices a product may offer besides its own: trade and solidarity prices.

Trade accounts pay ``trade_price`` or their discount (``cart.pricing``).

Those who can pay a little more (the solidarity price) so that others can pay
less (the "can't afford it" price); ``cart.pricing`` decides what a shopper's
choice costs, and staff pause the lower price when the fund runs dry.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models


class OtherPrices(models.Model):
    """Fields a product adds to its price for trade and solidarity pricing."""

    # Trade buyers' price (cart.pricing): their own, or none for "no discount".
    trade_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="What trade accounts pay, instead of their discount off the "
        "price. Empty: their discount applies.",
    )
    trade_discount_excluded = models.BooleanField(
        "no trade discount",
        default=False,
        db_default=False,
        help_text="Trade accounts pay the full price (e.g. a calendar sold at cost).",
    )
    solidarity_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="A higher price shoppers may choose to pay, above the price.",
    )
    reduced_price = models.DecimalField(
        "can't afford it price",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="A lower price shoppers may choose, below the price.",
    )
    reduced_paused = models.BooleanField(
        "lower price paused",
        default=False,
        db_default=False,
        help_text="Stop offering the lower price (e.g. while the fund is empty).",
    )

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude=exclude)
        self.clean_solidarity_prices()

    def clean_solidarity_prices(self):
        price = self.price or 0
        if self.solidarity_price is not None and self.solidarity_price <= price:
            raise ValidationError(
                {"solidarity_price": "The solidarity price is above the price."}
            )
        if self.reduced_price is not None and not 0 < self.reduced_price < price:
            raise ValidationError(
                {"reduced_price": "The lower price is between £0 and the price."}
            )

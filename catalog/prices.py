"""The prices a product may offer besides its own: trade and solidarity prices.

Trade accounts pay ``trade_price`` or their discount (``cart.pricing``).

Those who can pay a little more (the solidarity price) so that others can pay
less (the "can't afford it" price); ``cart.pricing`` decides what a shopper's
choice costs, and staff pause the lower price when the fund runs dry.

Or, instead, a pay-what-you-can range: the shopper types what they pay, from
the floor staff set up to a ceiling (so nobody mistypes £5000), with an
optional suggested amount shown first.
"""

from decimal import Decimal

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

    pwyc_floor = models.DecimalField(
        "pay what you can from",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Set to let shoppers type what they pay, from this amount "
        "(at most the price). Empty: no pay what you can.",
    )
    pwyc_suggested = models.DecimalField(
        "suggested amount",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Shown first in the shopper's box. Empty: the price.",
    )
    pwyc_ceiling = models.DecimalField(
        "pay what you can up to",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="The most a shopper may type (at least the price), so a "
        "mistyped £5000 is refused.",
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
        self.clean_pay_what_you_can(price)

    def clean_pay_what_you_can(self, price):
        """Check floor ≤ suggested ≤ ceiling, with the price inside the range."""
        floor, suggested = self.pwyc_floor, self.pwyc_suggested
        ceiling = self.pwyc_ceiling
        if floor is None:
            if suggested is not None or ceiling is not None:
                raise ValidationError(
                    {"pwyc_floor": "Set the lowest amount a shopper may pay."}
                )
            return
        if self.solidarity_price is not None or self.reduced_price is not None:
            raise ValidationError(
                {
                    "pwyc_floor": "Offer either solidarity prices or pay what "
                    "you can, not both: empty one of them."
                }
            )
        if floor > price:
            raise ValidationError(
                {"pwyc_floor": "The lowest amount is at most the price."}
            )
        if ceiling is None:
            raise ValidationError(
                {"pwyc_ceiling": "Set the most a shopper may pay (at least the price)."}
            )
        if ceiling < price:
            raise ValidationError(
                {"pwyc_ceiling": "The most a shopper may pay is at least the price."}
            )
        if suggested is not None and not floor <= suggested <= ceiling:
            raise ValidationError(
                {
                    "pwyc_suggested": "The suggested amount is between the lowest "
                    "and the most a shopper may pay."
                }
            )

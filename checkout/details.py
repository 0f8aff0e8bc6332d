"""What the shopper tells checkout: who the order is for, where it goes, how it
is sent and paid for, and any donation added to it.

The details page keeps them in the session as plain data; the review page
and ``services.place_order`` read them back through ``OrderDetails``.
"""

from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation

from django.conf import settings

from cart.countries import country_name
from shop.money import ZERO, to_money

from .models import Order

PaymentMethod = Order.PaymentMethod
DeliverTo = Order.DeliverTo


def donation_limit() -> Decimal:
    """Return the largest donation one order may carry (``DONATION_MAX``)."""
    return to_money(Decimal(settings.DONATION_MAX))


def parse_donation(value) -> Decimal | None:
    """Return a donation as pounds and pence, or None if it is not one we take.

    Only plain numbers of pounds with at most two decimals, from nothing up to
    ``donation_limit()``; never a float, a negative, "NaN" or an exponent.
    """
    if value in (None, ""):
        return ZERO
    if not isinstance(value, (str, Decimal)):
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    if (
        not amount.is_finite()
        or amount < 0
        or amount.as_tuple().exponent < -2
        or amount > donation_limit()
    ):
        return None
    return to_money(amount)


@dataclass(frozen=True)
class OrderDetails:
    """Who the order is for, where it goes and how it is sent and paid for."""

    email: str
    name: str
    line1: str
    city: str
    country: str
    shipping_method: int
    payment_method: str
    line2: str = ""
    region: str = ""
    postcode: str = ""
    note: str = ""
    # Books for a prisoner go to the shop's prisoner-support queue, not to
    # the shopper; a donation to the prisoner fund is added to the total.
    deliver_to: str = DeliverTo.ADDRESS
    donation: str = "0.00"

    @classmethod
    def from_dict(cls, data) -> "OrderDetails | None":
        """Return the details kept in the session, or None if they are unusable."""
        if not isinstance(data, dict):
            return None
        known = {f.name for f in fields(cls)}
        try:
            details = cls(**{k: v for k, v in data.items() if k in known})
        except TypeError:
            return None
        if details.payment_method not in PaymentMethod.values:
            return None
        if details.deliver_to not in DeliverTo.values:
            return None
        if parse_donation(details.donation) is None:
            return None
        return details

    def as_dict(self) -> dict:
        """Return the details as plain data for the session."""
        return asdict(self)

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def payment_label(self) -> str:
        return PaymentMethod(self.payment_method).label

    @property
    def pays_by_card(self) -> bool:
        return self.payment_method == PaymentMethod.CARD

    @property
    def for_prisoner(self) -> bool:
        return self.deliver_to == DeliverTo.PRISONER_SUPPORT

    @property
    def donation_amount(self) -> Decimal:
        """Return the donation as money (refused ones never reach the session)."""
        return parse_donation(self.donation) or ZERO

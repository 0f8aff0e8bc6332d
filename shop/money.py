"""Money: ``Decimal`` pounds, rounded half up to pence, never float."""

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def to_money(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as pounds rounded half up to the penny.

    Floats are refused: ``1.005`` as a float is 1.00499…, so it would round
    down, and money must never pass through binary fractions.

    >>> to_money(Decimal("1.005"))
    Decimal('1.01')
    >>> to_money("2")
    Decimal('2.00')
    """
    if isinstance(value, float):
        raise TypeError("money must not be a float; use Decimal or str")
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def to_pence(amount: Decimal) -> int:
    """Return ``amount`` in whole pence, as Stripe counts GBP."""
    return int(to_money(amount) * 100)


def from_pence(pence: int) -> Decimal:
    """Return whole pence as pounds."""
    return to_money(Decimal(int(pence)) / 100)


def format_money(amount: Decimal | None) -> str:
    """Return ``amount`` as shoppers read it: ``£1,234.56``; ``-£2.50`` below 0."""
    if amount is None:
        return ""
    amount = to_money(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"

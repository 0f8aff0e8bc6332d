"""The price a given buyer pays for a product: the one money function.

Every page (product, lists, mini cart, cart, checkout) and the order read
prices through ``price_for``/``unit_price``, so a buyer never sees one price
and pays another. The buyer's terms arrive as a small value (``BuyerTerms``),
made by an app above this one (trade), so the cart imports nothing above it.

Rules, in order:

1. No terms (a retail shopper): the cover price, ``product.price``.
2. A product excluded from trade discount (e.g. a calendar sold at cost):
   the cover price.
3. A product with its own trade price: that price (never above cover).
4. Otherwise the cover price less the buyer's discount, rounded half up to
   the penny *per unit*, so each line is exactly the unit shown times the
   quantity and the subtotal the sum of the lines.

Solidarity prices (issue 14), for retail shoppers only (trade terms above
win): the shopper's ``choice`` on the line picks the product's solidarity
price or its lower "can't afford it" price, when staff set one (and have not
paused the lower one); any other choice, or one no longer offered, is the
cover price. The browser only ever sends a choice, never an amount…

…except for pay what you can (choice ``PWYC``): a product with a floor lets a
retail shopper type what they pay, from the floor to the ceiling staff set.
The amount is checked when typed (``amount_refusal``) and kept on the line;
``price_for`` charges it only while today's range allows it: if staff have
moved the floor or ceiling since, the line costs the nearest amount the range
allows (the price, if pay what you can was withdrawn), and ``Price.problem``
says so, for the cart and review pages to show; nothing changes silently.
Trade buyers pay their trade price (rules 2-4 win), whatever the line holds.

Discount codes (``discounts.rules``) then apply to these line totals.
"""

from dataclasses import dataclass
from decimal import Decimal

from shop.money import format_money, to_money

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class BuyerTerms:
    """What a buyer is owed beyond the cover price; None means retail."""

    account_id: int
    name: str  # shown beside prices, e.g. the trade account's name
    discount_percent: Decimal
    minimum_order: Decimal = Decimal("0.00")  # goods before postage
    # None: may not pay on invoice now; otherwise days until an invoice is due.
    invoice_days: int | None = None
    invoice_refusal: str = ""  # why not, when an approved account may not


@dataclass(frozen=True)
class Price:
    """The price one buyer pays for one copy, with the cover price beside it."""

    unit: Decimal
    cover: Decimal
    is_trade: bool = False
    choice: str = "list"  # LIST, SOLIDARITY, REDUCED or PWYC: the price chosen
    # Why the line's pay-what-you-can amount is not what it costs today.
    problem: str = ""

    @property
    def saving(self) -> Decimal:
        return self.cover - self.unit


LIST, SOLIDARITY, REDUCED, PWYC = "list", "solidarity", "reduced", "pwyc"
CHOICE_LABELS = {
    LIST: "Price",
    SOLIDARITY: "Solidarity price",
    REDUCED: "Can't afford it price",
    PWYC: "Pay what you can",
}


@dataclass(frozen=True)
class Range:
    """What a shopper may pay for a pay-what-you-can product."""

    floor: Decimal
    ceiling: Decimal
    suggested: Decimal  # shown first: staff's suggestion, else the price

    @property
    def hint(self) -> str:
        return (
            f"Any amount from {format_money(self.floor)} to "
            f"{format_money(self.ceiling)}; suggested {format_money(self.suggested)}."
        )

    def nearest(self, amount: Decimal) -> Decimal:
        return min(max(amount, self.floor), self.ceiling)


def pwyc_range(product) -> Range | None:
    """Return the pay-what-you-can range staff set on ``product``, or None."""
    if product.pwyc_floor is None:
        return None
    floor = to_money(product.pwyc_floor)
    cover = to_money(product.price)
    # Admin refuses a missing ceiling; a row written behind its back is
    # still never open-ended.
    ceiling = max(to_money(product.pwyc_ceiling or cover), floor)
    suggested = product.pwyc_suggested
    suggested = to_money(suggested) if suggested is not None else cover
    return Range(
        floor=floor, ceiling=ceiling, suggested=min(max(suggested, floor), ceiling)
    )


def amount_refusal(product, amount: Decimal, buyer: "BuyerTerms | None") -> str:
    """Say why ``buyer`` may not pay ``amount`` for ``product`` now, or ''."""
    if buyer is not None:
        return (
            f"Trade accounts pay their trade price for “{product.title}”; "
            "pay what you can is for shoppers' own copies."
        )
    offered = pwyc_range(product)
    if offered is None:
        return f"Sorry, “{product.title}” does not offer pay what you can."
    if not offered.floor <= amount <= offered.ceiling:
        return (
            f"Enter an amount from {format_money(offered.floor)} to "
            f"{format_money(offered.ceiling)} for “{product.title}”."
        )
    return ""


def choices_for(product) -> dict[str, Decimal]:
    """Return the prices a retail shopper may choose for ``product``, by choice."""
    offered = {LIST: to_money(product.price)}
    if product.solidarity_price is not None:
        offered[SOLIDARITY] = to_money(product.solidarity_price)
    if product.reduced_price is not None and not product.reduced_paused:
        offered[REDUCED] = to_money(product.reduced_price)
    return offered


def price_for(
    product, buyer: BuyerTerms | None, choice: str = LIST, amount=None
) -> Price:
    """Return what ``buyer`` pays for one copy of ``product`` (see the rules).

    ``amount`` is the line's pay-what-you-can amount, read only for ``PWYC``.
    """
    cover = to_money(product.price)
    if buyer is None and choice == PWYC:
        return _pay_what_you_can(product, cover, amount)
    if buyer is None:
        if choice != LIST and choice in (offered := choices_for(product)):
            return Price(unit=offered[choice], cover=cover, choice=choice)
        return Price(unit=cover, cover=cover)
    if product.trade_discount_excluded:
        return Price(unit=cover, cover=cover, is_trade=True)
    if product.trade_price is not None:
        return Price(
            unit=min(to_money(product.trade_price), cover), cover=cover, is_trade=True
        )
    discount = min(max(Decimal(buyer.discount_percent), Decimal(0)), HUNDRED)
    unit = to_money(cover * (HUNDRED - discount) / HUNDRED)
    return Price(unit=unit, cover=cover, is_trade=True)


def prices_key(buyer: BuyerTerms | None) -> str:
    """Name the prices ``buyer`` sees: buyers with the same key see the same.

    ``price_for`` and the solidarity choices depend on the buyer only through
    whether there are terms and their discount, so a page part cached under
    this key shows every buyer who shares it their own prices.
    """
    return "retail" if buyer is None else f"trade:{buyer.discount_percent}"


def _pay_what_you_can(product, cover: Decimal, amount) -> Price:
    offered = pwyc_range(product)
    if offered is None:
        return Price(
            unit=cover,
            cover=cover,
            problem=f"“{product.title}” no longer offers pay what you can: "
            f"your cart charges its price, {format_money(cover)}.",
        )
    if amount is None:
        return Price(unit=offered.suggested, cover=cover, choice=PWYC)
    asked = to_money(amount)
    unit = offered.nearest(asked)
    problem = ""
    if unit != asked:
        bound = "lowest" if unit > asked else "most"
        problem = (
            f"You chose to pay {format_money(asked)} for “{product.title}”, but the "
            f"{bound} amount is now {format_money(unit)}: your cart charges "
            f"{format_money(unit)}. You may type another amount."
        )
    return Price(unit=unit, cover=cover, choice=PWYC, problem=problem)


def unit_price(product, buyer: BuyerTerms | None) -> Decimal:
    """Return what ``buyer`` pays for one copy of ``product``."""
    return price_for(product, buyer).unit

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

A later discount (e.g. codes, issue 14) plugs in here as another field of
``BuyerTerms`` and another rule, so every page and the order follow it.
"""

from dataclasses import dataclass
from decimal import Decimal

from shop.money import to_money

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

    @property
    def saving(self) -> Decimal:
        return self.cover - self.unit


def price_for(product, buyer: BuyerTerms | None) -> Price:
    """Return what ``buyer`` pays for one copy of ``product`` (see the rules)."""
    cover = to_money(product.price)
    if buyer is None:
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


def unit_price(product, buyer: BuyerTerms | None) -> Decimal:
    """Return what ``buyer`` pays for one copy of ``product``."""
    return price_for(product, buyer).unit

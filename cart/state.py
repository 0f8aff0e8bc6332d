"""What a cart holds, in a few columns: the key its rendered mini cart is kept under.

A page read by a shopper with a cart shows the mini cart. Everything it shows
is either in the cart's own rows (lines, quantities, solidarity choices,
pay-what-you-can amounts, destination, postage method) or in the catalogue
(titles, prices, postage rates: the catalogue version, which every cached
part is kept under), or the buyer's terms (the key names them whole). So the
mini cart rendered for one ``CartState`` is right for the next request with
the same state, on any worker, as long as:

- the lines need no correction (``settled``): a product unpublished, deleted
  or short of stock would be corrected, with a message, by ``services.refresh``;
  stock is read each time, as other buyers' orders change it without always
  changing the catalogue version (``checkout/stock.py``);
- the cart has no discount code: what a code takes off also depends on the
  time (its dates), on its uses by other shoppers and on staff edits that need
  not change the catalogue version, so such a cart is always worked out afresh.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from catalog.models import sellable

CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    pk: int
    product_id: int | None
    quantity: int
    price_choice: str
    price_amount: str  # "" when none: the same text from any database
    sellable: bool  # published, in stock for this quantity, within the line limit


@dataclass(frozen=True)
class CartState:
    pk: int
    user_id: int | None
    country: str
    shipping_method_id: int | None
    discount_id: int | None
    lines: tuple[Line, ...]  # by primary key

    @property
    def settled(self) -> bool:
        """Say whether ``services.refresh`` would leave every line as it is."""
        return all(line.sellable for line in self.lines)

    @property
    def cacheable(self) -> bool:
        return self.settled and self.discount_id is None

    @classmethod
    def of(cls, cart, lines) -> "CartState":
        """Return the state of ``cart`` and its ``lines`` as read by the ORM."""
        return cls(
            pk=cart.pk,
            user_id=cart.user_id,
            country=cart.country,
            shipping_method_id=cart.shipping_method_id,
            discount_id=cart.discount_id,
            lines=tuple(
                sorted(
                    (
                        line_state(
                            line.pk,
                            line.product_id,
                            line.quantity,
                            line.price_choice,
                            line.price_amount,
                            product=line.product,
                        )
                        for line in lines
                    ),
                    key=lambda line: line.pk,
                )
            ),
        )


def line_state(pk, product_id, quantity, choice, amount, *, product) -> Line:
    """Return one line's state; ``product`` has ``is_published``, ``stock`` and
    ``allow_backorder`` (a row's columns or the model), or is None."""
    wanted = int(quantity)
    ok = (
        product is not None
        and bool(product.is_published)
        and min(
            settings.CART_LINE_LIMIT,
            sellable(int(product.stock), bool(product.allow_backorder), wanted),
        )
        == wanted
    )
    return Line(
        pk=int(pk),
        product_id=product_id,
        quantity=wanted,
        price_choice=choice,
        price_amount="" if amount is None else _money_text(amount),
        sellable=ok,
    )


def _money_text(amount) -> str:
    # SQLite hands a raw read 5 or 4.5 where the ORM gives Decimal("5.00").
    return str(Decimal(str(amount)).quantize(CENTS))

"""An order's discount code: its use taken with the order, given back if unpaid.

The amounts come from ``cart.totals`` (rules in ``discounts.rules``); this
module only counts the use, in the order's transaction, so the last use of a
code cannot be taken by two orders (``discounts.services.redeem``).
"""

from cart.totals import CartTotals
from discounts import services as discount_services
from discounts.exceptions import CodeRefused

from .exceptions import CheckoutError
from .models import Order


def order_fields(totals: CartTotals) -> dict:
    """Return the code's copy on the order: code, words and amount off."""
    if not totals.discount:
        return {"discount_code": "", "discount_words": "", "discount": totals.discount}
    return {
        "discount_code": totals.code.code,
        "discount_words": totals.code.words,
        "discount": totals.discount,
    }


def take(order: Order, totals: CartTotals, *, user_id: int | None) -> None:
    """Take a use of the cart's code for ``order``; raise ``CheckoutError`` if none."""
    if totals.code is None or not totals.code.applies:
        return
    try:
        discount_services.redeem(
            discount_id=totals.code.discount_id,
            order_number=order.number,
            email=order.email,
            user_id=user_id,
            amount=totals.discount,
        )
    except CodeRefused as refused:
        raise CheckoutError(refused.messages) from None


def give_back(order: Order) -> None:
    """Give back the use of a code an order took, once (the order ended unpaid)."""
    discount_services.release(order_number=order.number)

"""Taking a use of a code with an order, and giving it back.

A use is taken in the order's transaction by a conditional
``UPDATE … SET uses = uses + 1 WHERE uses < max_uses`` (as ``checkout.stock``
takes stock): when two orders race for the last use, one update changes no
row and that order is refused and rolled back. The update also holds the
code's row until the order commits, so the per-customer count read after it
sees every earlier use.
"""

from decimal import Decimal

from django.db.models import F, Q

from .exceptions import CodeRefused
from .models import Discount, Redemption
from .selectors import customer_refusal


def redeem(
    *,
    discount_id: int,
    order_number: str,
    email: str,
    user_id: int | None,
    amount: Decimal,
) -> Redemption:
    """Take one use of the code for an order; raise ``CodeRefused`` if none is left.

    Must run inside the order's transaction, which ``CodeRefused`` rolls back.
    """
    taken = (
        Discount.objects.filter(pk=discount_id, is_active=True)
        .filter(Q(max_uses__isnull=True) | Q(uses__lt=F("max_uses")))
        .update(uses=F("uses") + 1)
    )
    if not taken:
        code = Discount.objects.filter(pk=discount_id).values_list("code", flat=True)
        raise CodeRefused(
            [
                f"Sorry, the code {code.first() or 'you entered'} has just been "
                "used up: remove it from your cart to order without it."
            ]
        )
    if refused := customer_refusal(discount_id, email=email, user_id=user_id):
        raise CodeRefused([refused + " Remove it from your cart to order."])
    return Redemption.objects.create(
        discount_id=discount_id,
        order_number=order_number,
        email=email.strip().lower(),
        user_id=user_id,
        amount=amount,
    )


def release(*, order_number: str) -> bool:
    """Give back the use an order took (it ended unpaid), once."""
    redemption = Redemption.objects.filter(order_number=order_number).first()
    if redemption is None:
        return False
    if not Redemption.objects.filter(pk=redemption.pk).delete()[0]:
        return False
    Discount.objects.filter(pk=redemption.discount_id, uses__gt=0).update(
        uses=F("uses") - 1
    )
    return True

"""The cart of a shopper who signs in: the rules, in the order they apply.

1. The visitor's cart (this browser's) and the account's saved cart (left by
   an earlier visit, on any browser) become one cart. When the visitor had
   no cart, the saved one is simply picked up.
2. A product in both carts gets one line holding both quantities added up.
3. Every line is then held to what can be sold: the stock (unless the
   product may be backordered) and the line limit, ``CART_LINE_LIMIT``. A
   line cut down is named with the quantity it now holds.
4. A product deleted, unpublished or out of stock since it was saved is left
   out and named.
5. The destination and postage chosen in the visitor's cart win: that is the
   cart the shopper was just looking at.
6. The shopper is told in words: “We added 2 items saved from your last
   visit” counts only the saved items that made it into the cart after the
   rules above; nothing is said when nothing was saved.
"""

from dataclasses import dataclass

from django.db import transaction

from .models import Cart, CartLine
from .selectors import SESSION_KEY, get_cart
from .services import _allowed, _limit_message


@dataclass(frozen=True)
class Merged:
    """What signing in did to the cart, for the shopper's messages."""

    cart: Cart | None
    added: int = 0
    visitor_had_cart: bool = False
    notices: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        if not self.added:
            return ""
        items = f"{self.added} item{'s' if self.added != 1 else ''}"
        if self.visitor_had_cart:
            return f"We added {items} saved from your last visit to your cart."
        return f"Your cart holds {items} saved from your last visit."


@transaction.atomic
def attach_to_user(*, request, user) -> Merged:
    """Give a shopper who signs in one cart, following the rules above."""
    session_cart = get_cart(request)
    if session_cart is not None and session_cart.user_id == user.pk:
        return Merged(cart=session_cart)  # signing in again on the same browser
    user_cart = (
        Cart.objects.select_for_update()
        .filter(user=user)
        .exclude(pk=session_cart.pk if session_cart else None)
        .order_by("-updated_at")
        .first()
    )
    if session_cart is None and user_cart is None:
        return Merged(cart=None)
    visitor_had_cart = session_cart is not None and session_cart.lines.exists()
    if user_cart is None:
        cart, result = session_cart, Merged(cart=session_cart)
    else:
        cart = user_cart
        added, notices = _merge(source=session_cart, into=user_cart)
        result = Merged(cart, added, visitor_had_cart, tuple(notices))
        if session_cart is not None:
            cart.country = session_cart.country
            cart.shipping_method_id = session_cart.shipping_method_id
            session_cart.delete()
    cart.user = user
    # Signing in gives the session a new key; the cart follows it.
    Cart.objects.filter(session_key=request.session.session_key).exclude(
        pk=cart.pk
    ).update(session_key=None)
    cart.session_key = request.session.session_key
    cart.save()
    request.session[SESSION_KEY] = cart.pk
    return result


def _merge(*, source: Cart | None, into: Cart) -> tuple[int, list[str]]:
    """Move ``source``'s lines into ``into``; return saved items kept and notices."""
    saved = {line.product_id: line for line in into.lines.select_related("product")}
    checked = []  # (line, how many of its items came from the saved cart)
    for line in source.lines.select_related("product") if source else []:
        if line.product_id is None:
            continue  # already told: the cart page named it when it left the shop
        target = saved.pop(line.product_id, None)
        if target is None:
            line.cart = into
            line.save(update_fields=["cart"])
            checked.append((line, 0))
        else:
            from_saved = target.quantity
            target.quantity += line.quantity
            # The price the visitor just chose (solidarity, pay what you can)
            # is their latest word, as when adding again from a product page.
            CartLine.objects.filter(pk=target.pk).update(
                price_choice=line.price_choice, price_amount=line.price_amount
            )
            line.delete()
            checked.append((target, from_saved))
    checked += [(line, line.quantity) for line in saved.values()]

    added, notices = 0, []
    for line, from_saved in checked:
        product = line.product
        if product is None or not product.is_published:
            line.delete()
            notices.append(
                f"“{product.title if product else line.title}” is no longer for "
                "sale, so it was left out of your cart."
            )
            continue
        allowed = _allowed(product, line.quantity)
        if allowed == 0:
            line.delete()
            notices.append(
                f"Sorry, “{product.title}” is out of stock, so it was left out "
                "of your cart."
            )
            continue
        if allowed < line.quantity:
            notices.append(_limit_message(product, allowed))
        from_visitor = line.quantity - from_saved
        added += max(0, allowed - from_visitor)
        line.quantity = allowed
        CartLine.objects.filter(pk=line.pk).update(quantity=allowed)
    return added, notices

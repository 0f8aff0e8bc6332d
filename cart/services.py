"""Changes to the cart."""

from django.db import transaction

from catalog.models import Product

from .models import Cart, CartLine
from .selectors import SESSION_KEY, get_cart


def get_or_create_cart(request) -> Cart:
    """Return this browser's cart, creating it (and the session) on first use."""
    cart = get_cart(request)
    if cart is None:
        if request.session.session_key is None:
            request.session.save()
        cart = Cart.objects.create(
            session_key=request.session.session_key,
            user=request.user if request.user.is_authenticated else None,
        )
        request.session[SESSION_KEY] = cart.pk
    return cart


@transaction.atomic
def add_line(*, cart: Cart, product: Product, quantity: int) -> CartLine:
    """Add ``quantity`` of ``product`` to ``cart`` (limits are checked by the caller)."""
    line, created = CartLine.objects.get_or_create(
        cart=cart, product=product, defaults={"quantity": quantity}
    )
    if not created:
        line.quantity += quantity
        line.save(update_fields=["quantity"])
    return line


def empty(*, cart: Cart) -> None:
    """Remove every line from ``cart``."""
    cart.lines.all().delete()

"""Reads of the cart."""

from django.db.models import Prefetch

from catalog.models import Credit

from .models import Cart

SESSION_KEY = "cart_id"


def get_cart(request) -> Cart | None:
    """Return this browser's cart, or None when it has none (nothing is created)."""
    cart_id = request.session.get(SESSION_KEY)
    if cart_id is None:
        return None
    return Cart.objects.filter(pk=cart_id).first()


def cart_lines(cart: Cart):
    """Return the cart's lines with what a page shows of each product, in fixed queries."""
    return list(
        cart.lines.select_related("product", "product__publisher").prefetch_related(
            Prefetch(
                "product__credits",
                queryset=Credit.objects.select_related("contributor"),
            )
        )
    )

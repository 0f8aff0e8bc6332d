from django import template
from django.contrib import messages

from cart import selectors, services
from cart.countries import country_name
from cart.totals import CartTotals, cart_totals

register = template.Library()

# A view that has worked out this request's cart totals puts them in its
# context under this name, and the mini cart shows them instead of reading
# the cart again.
MINI_CART_TOTALS = "mini_cart_totals"


def mini_cart_context(request, *, next_url=None) -> dict:
    """Return what the mini cart shows, in a fixed number of queries.

    Lines whose product is gone, unpublished or short of stock are put right
    first (``services.refresh``), and the shopper is told.
    """
    cart = selectors.get_cart(request)
    lines = selectors.mini_cart_lines(cart)
    if lines:
        lines, notices = services.refresh(cart=cart, lines=lines)
        for notice in notices:
            messages.warning(request, notice)
    totals = cart_totals(cart, lines=lines)
    return {
        "totals": totals,
        "country_name": country_name(totals.country),
        "next": next_url or request.get_full_path(),
    }


@register.inclusion_tag("includes/mini_cart.html", takes_context=True)
def mini_cart(context):
    """Render the mini cart that stands in the header of every page."""
    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return {"totals": cart_totals(None)}
    totals = context.get(MINI_CART_TOTALS)
    if isinstance(totals, CartTotals):
        return {
            "totals": totals,
            "country_name": country_name(totals.country),
            "next": request.get_full_path(),
        }
    return mini_cart_context(request)

from django import template

from cart import selectors
from cart.totals import cart_totals

register = template.Library()


@register.inclusion_tag("includes/mini_cart.html", takes_context=True)
def mini_cart(context):
    """Render the mini cart that stands in the header of every page.

    It only reads ``request.cart`` (``cart.middleware``), which was squared
    with the catalogue before the page began to render.
    """
    request = context.get("request")
    if request is None or not hasattr(request, "cart"):
        return {"totals": cart_totals(None)}
    return selectors.mini_cart_context(request)

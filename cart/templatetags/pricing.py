"""``{% buy_box product %}``: the product page's buy box for this page's buyer.

Reads the buyer from ``request.cart.buyer``; ``cart.buy_box`` asks
``cart.pricing``, the one money function.
"""

from django import template
from django.utils.safestring import mark_safe

from cart.buy_box import buy_box as buy_box_html

register = template.Library()


@register.simple_tag(takes_context=True)
def buy_box(context, product):
    """Render ``product``'s buy box (``cart.buy_box``) for this page's visitor."""
    request = context.get("request")
    current = getattr(request, "cart", None)
    user = context.get("user")
    token = str(context.get("csrf_token") or "")
    return mark_safe(
        buy_box_html(
            product,
            buyer=current.buyer if current is not None else None,
            token="" if token == "NOTPROVIDED" else token,
            next_url=request.get_full_path() if request is not None else "",
            quantity_max=context.get("quantity_max", ""),
            signed_in=lambda: user is not None and user.is_authenticated,
            amount_error=context.get("amount_error") or "",
            amount_value=context.get("amount_value") or "",
        )
    )

"""The prices this page's buyer is offered, and the product page's buy box.

Each reads the buyer from ``request.cart.buyer`` and asks ``cart.pricing``,
the one money function.
"""

from django import template
from django.utils.safestring import mark_safe

from cart.buy_box import buy_box as buy_box_html
from cart.pricing import CHOICE_LABELS, Range, choices_for, pwyc_range

register = template.Library()


@register.simple_tag(takes_context=True)
def price_choices(context, product) -> list[dict]:
    """Return the solidarity prices a retail shopper may choose; [] if only one."""
    request = context.get("request")
    current = getattr(request, "cart", None)
    if current is not None and current.buyer is not None:
        return []
    offered = choices_for(product)
    if len(offered) < 2:
        return []
    return [
        {"value": choice, "label": CHOICE_LABELS[choice], "amount": amount}
        for choice, amount in sorted(offered.items(), key=lambda item: -item[1])
    ]


@register.simple_tag(takes_context=True)
def pay_what_you_can(context, product) -> Range | None:
    """Return the range a retail shopper may pay in, or None (trade, or none set)."""
    request = context.get("request")
    current = getattr(request, "cart", None)
    if current is not None and current.buyer is not None:
        return None
    return pwyc_range(product)


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

"""``{% price_of product as price %}``: the price this page's buyer pays.

Reads the buyer from ``request.cart.buyer`` and asks ``cart.pricing``, the
one money function; ``includes/price.html`` shows it, marked as a trade price
with the cover price beside it when it is one.
"""

from django import template

from cart.pricing import CHOICE_LABELS, Price, Range, choices_for, price_for, pwyc_range

register = template.Library()


@register.simple_tag(takes_context=True)
def price_of(context, product) -> Price:
    request = context.get("request")
    current = getattr(request, "cart", None)
    return price_for(product, current.buyer if current is not None else None)


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

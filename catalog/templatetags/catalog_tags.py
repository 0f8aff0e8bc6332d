import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from catalog import selectors
from shop.cache import cached

register = template.Library()


@register.simple_tag(takes_context=True)
def new_products_block(context):
    """Render the New products block that stands on every page.

    The block is the same for every visitor, so it is rendered once per
    catalogue version and served from the cache until something changes.
    """
    html = cached(
        context.get("request"),
        "new-products-block",
        compute=lambda: render_to_string(
            "includes/new_products.html",
            {"products": selectors.new_products_for_block()},
        ),
    )
    return mark_safe(html)  # rendered by the template engine, escaped there


# What may not appear raw inside a <script> element (as json_script escapes).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """Return ``data`` as JSON safe inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from catalog import selectors

register = template.Library()


@register.inclusion_tag("includes/new_products.html")
def new_products_block():
    """Render the New products block that stands on every page."""
    return {"products": selectors.new_products_for_block()}


# What may not appear raw inside a <script> element (as json_script escapes).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """Return ``data`` as JSON safe inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))

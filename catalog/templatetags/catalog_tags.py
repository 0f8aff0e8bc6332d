from django import template

from catalog import selectors

register = template.Library()


@register.inclusion_tag("includes/new_products.html")
def new_products_block():
    """Render the New products block that stands on every page."""
    return {"products": selectors.new_products_for_block()}

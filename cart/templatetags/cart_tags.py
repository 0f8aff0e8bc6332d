from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join

from cart import selectors
from cart.countries import COUNTRIES
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


@register.simple_tag
def country_options(selected):
    """Render the <option>s of every country, ``selected`` chosen.

    Some 250 options: built once per country chosen rather than by a
    template loop on every cart page (most of that page's rendering time in
    ``bench/profile_page.py``).
    """
    return _country_options(selected or "")


@lru_cache(maxsize=len(COUNTRIES) + 1)
def _country_options(selected):
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html('<option value="{}" selected>{}</option>', code, name)
                if code == selected
                else format_html('<option value="{}">{}</option>', code, name),
            )
            for code, name in COUNTRIES.items()
        ),
    )

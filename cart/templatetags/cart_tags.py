from functools import lru_cache

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from cart import cart_page, selectors
from cart.countries import COUNTRIES
from cart.totals import cart_totals
from shop.cache import CSRF_PLACEHOLDER, cached_or_none, store

register = template.Library()


MINI_CART = "includes/mini_cart.html"
# Stands in a kept mini cart for the address of the page it is on (its
# forms come back there).
NEXT_PLACEHOLDER = "__address_of_this_page__"


@register.simple_tag(takes_context=True)
def mini_cart(context):
    """Render the mini cart that stands in the header of every page.

    It only reads ``request.cart`` (``cart.middleware``), which was squared
    with the catalogue before the page began to render. What it shows is kept
    under the cart's state (``cart.state``), the buyer and the catalogue
    version, so a shopper's next page costs one small query for it; the
    page's address and the visitor's CSRF token are put in on the way out.
    """
    request = context.get("request")
    if request is None or not hasattr(request, "cart"):
        return _render(context, {"totals": cart_totals(None)})
    key = request.cart.mini_cart_key()
    if key is None:
        return _render(context, selectors.mini_cart_context(request))
    html = cached_or_none(request, "mini-cart", *key)
    if html is None:
        values = selectors.mini_cart_context(request, next_url=NEXT_PLACEHOLDER)
        html = _render(context, values, token=CSRF_PLACEHOLDER)
        # Kept only under the state of the rows it was drawn from: the cart
        # may have changed since its state was read.
        if request.cart.drawn_key() == key:
            store(request, "mini-cart", *key, value=str(html))
    html = html.replace(NEXT_PLACEHOLDER, escape(request.get_full_path()))
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
    return mark_safe(html)  # rendered by the template engine, escaped there


def _render(context, values, token=None):
    template = context.template.engine.get_template(MINI_CART)
    new_context = context.new(values)
    csrf_token = token if token is not None else context.get("csrf_token")
    if csrf_token is not None:
        new_context["csrf_token"] = csrf_token
    return template.render(new_context)


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


@register.simple_tag
def cart_line_rows(rows, line_limit):
    """Draw the cart page's line rows (``cart.cart_page``)."""
    return cart_page.line_rows(rows, line_limit=line_limit)


@register.simple_tag(takes_context=True)
def cart_line_forms(context, rows):
    """Draw each line's price form and remove form, with this visitor's token."""
    current = getattr(context.get("request"), "cart", None)
    return cart_page.line_forms(
        rows,
        buyer=current.buyer if current is not None else None,
        token=str(context.get("csrf_token") or ""),
    )


@register.simple_tag
def line_price(row):
    """Draw a priced line's unit price with what it follows (``cart.cart_page``)."""
    return mark_safe(cart_page.price_cell(row, was=False))


@register.simple_tag
def postage_methods(totals):
    """Draw the cart page's postage methods to choose from (``cart.cart_page``)."""
    return cart_page.postage_methods(totals)

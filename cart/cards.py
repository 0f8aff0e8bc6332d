"""The product card every list page shows: cover, title, byline, price, add to cart.

Written in Python (``str.format``, every value escaped) rather than a
template: a list page shows 24 cards, and through the template engine (four
includes, some forty lookups, two URL reverses a card) a new search at
100,000 products spent 28 ms of CPU rendering them, more than everything
else on the page together (``bench/search.py --profile``); this costs about
4 ms. Cards are also cached one by one ({% product_cards %}), so most pages
render few of them.
The markup matches ``includes/cover.html`` and the price in ``cart.buy_box``,
which the product page uses; the add-to-cart form is the one the cart's
script enhances (``form[data-add-to-cart]``).
"""

import re
from functools import cache
from html import escape

from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe

from shop.money import format_money

from .pricing import BuyerTerms, price_for


def _e(text) -> str:
    # The standard library's escape, as Django's (which wraps it for lazy
    # strings): the same output, without the wrapper's cost on every value.
    return escape(str(text))


def kept_url(name: str) -> str:
    """Return ``reverse(name)`` escaped, kept per process and script prefix,
    as ``{% once %}`` keeps links (a shop mounted under a path gets its own)."""
    return _kept_url(name, get_script_prefix())


@cache
def _kept_url(name, prefix) -> str:
    return _e(reverse(name))


_CARD = """<li class="product-card">
  <a class="product-card__cover" href="{url}" tabindex="-1"
    aria-hidden="true">{cover}</a>
  <div class="product-card__body">
    <h{level} class="product-card__title"><a href="{url}">{title}</a></h{level}>
    {byline}<p class="product-card__buy">{price}
      <span class="availability{out}">{availability}</span></p>
    {form}
  </div>
</li>"""
_BYLINE = '<p class="product-card__byline">{}</p>\n    '
_IMAGE = (
    '<img class="cover cover--small" src="{}" alt="{}" width="150" height="225"'
    ' loading="lazy" decoding="async">'
)
_PLACEHOLDER = (
    '<div class="cover cover--small cover--placeholder" aria-hidden="true">'
    '<span class="cover__title">{}</span>{}</div>'
)
_IMPRINT = '<span class="cover__imprint">{}</span>'
_RETAIL = '<span class="price">{}</span>'
_TRADE = (
    '<span class="price price--trade"><span class="price__label">Trade</span> {}'
    '</span> <span class="price-cover">cover price {}</span>'
)
_FORM = """<form class="add-to-cart add-to-cart--compact" method="post"
    action="{action}" data-add-to-cart>
  {token}<input type="hidden" name="product" value="{pk}">
  <input type="hidden" name="quantity" value="1">
  <input type="hidden" name="next" value="{next}">
  <button type="submit" class="button">Add to cart<span
    class="visually-hidden">: {title}</span></button>
</form>"""
_TOKEN = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">\n  '


def cover(product) -> str:
    """Return the small cover: the thumbnail, else the upload, else a stand-in."""
    image = product.cover_thumbnail or product.cover
    if image:
        return _IMAGE.format(_e(image.url), _e(product.cover_alt or product.title))
    imprint = ""
    if product.publisher:
        imprint = _IMPRINT.format(_e(product.publisher.byline_name))
    return _PLACEHOLDER.format(_e(product.title), imprint)


def price(product, buyer: BuyerTerms | None) -> str:
    """Return the price ``buyer`` pays, marked as trade with the cover price beside."""
    paid = price_for(product, buyer)
    if paid.is_trade:
        return _TRADE.format(_e(format_money(paid.unit)), _e(format_money(paid.cover)))
    return _RETAIL.format(_e(format_money(paid.unit)))


_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def product_addresses():
    """Return a function giving a product's address, as ``get_absolute_url``.

    For a caller writing many cards: one ``reverse`` for them all (24 of
    them were a tenth of a new search's CPU); a slug that URL quoting would
    change is reversed as usual.
    """
    sample = reverse("catalog:product", args=[1, "s"])
    if not sample.endswith("/1-s/"):  # the route changed shape: no short cut
        return lambda product: product.get_absolute_url()
    prefix = sample[: -len("1-s/")]

    def address(product):
        if _PLAIN_SLUG.fullmatch(product.slug):
            return f"{prefix}{int(product.pk)}-{product.slug}/"
        return product.get_absolute_url()

    return address


def card(
    product,
    *,
    buyer,
    heading_level=2,
    token="",
    next_url="",
    action="",
    address=None,
) -> str:
    """Return ``product``'s card for ``buyer``, its form posting ``token``.

    ``action``: the add-to-cart address (``reverse("cart:add")``), and
    ``address``: ``product_addresses()``, given by a caller rendering many
    cards.
    """
    title = _e(product.title)
    form = ""
    if product.is_available:
        form = _FORM.format(
            action=_e(action or reverse("cart:add")),
            token=_TOKEN.format(_e(token)) if token else "",
            pk=int(product.pk),
            next=_e(next_url),
            title=title,
        )
    byline = product.short_byline
    return mark_safe(
        _CARD.format(
            url=_e(address(product) if address else product.get_absolute_url()),
            cover=cover(product),
            level=int(heading_level),
            title=title,
            byline=_BYLINE.format(_e(byline)) if byline else "",
            price=price(product, buyer),
            out="" if product.is_available else " availability--out",
            availability=_e(product.availability),
            form=form,
        )
    )

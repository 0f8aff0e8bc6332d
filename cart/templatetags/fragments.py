"""``{% fragment "name" part ... %}…{% endfragment %}``: a cached part of a page.

What the tag encloses is rendered once per catalogue version, buyer's prices
(``cart.pricing.prices_key``) and the given parts, then served from the cache
(``shop.cache.fragment``): product bodies, product cards, lists. Forms inside
carry each visitor's own CSRF token. Whatever else is personal (the mini
cart, messages, an amount the shopper typed) must stay outside the tag.

    {% fragment "product-details" product.pk %}…{% endfragment %}
    {% fragment "list" request.get_full_path %}…{% endfragment %}

A part that differs by address (a form's ``next``) names the address.

``{% product_cards products %}`` renders a card per product, each cached on
its own under the buyer's prices, the heading level and the product id, and
read with one cache call: every list page (search, categories, home, new
products) shares them, so a page nobody asked for before renders only the
cards missing. Given a page of ``catalog.paging.ProductRows``, only the
products of those cards are read from the database.
"""

from django import template
from django.conf import settings
from django.template.context import make_context
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from cart import cards
from cart.pricing import prices_key
from shop.cache import CSRF_PLACEHOLDER, cached_or_none, fragment, fragments, store

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        current = getattr(request, "cart", None)
        if current is None:  # rendered outside a request: nothing to share
            return self.nodelist.render(context)

        def render(token):
            with context.push(csrf_token=token):
                return self.nodelist.render(context)

        html = fragment(
            request,
            self.name.resolve(context),
            prices_key(current.buyer),
            *(part.resolve(context) for part in self.parts),
            token=context.get("csrf_token", ""),  # lazy: read if a form needs it
            render=render,
        )
        return mark_safe(html)  # rendered by the template engine, escaped there


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
    )


# Stands in a cached card for the address of the page it is on (the add to
# cart form's ``next``), which each page puts back.
NEXT_PLACEHOLDER = "__address_of_this_page__"


@register.simple_tag(takes_context=True)
def product_cards(context, products):
    """Render each product's card (``cart.cards``), each one cached on its own."""
    request = context.get("request")
    current = getattr(request, "cart", None)
    buyer = current.buyer if current is not None else None
    ids = getattr(products, "ids", None)
    if ids is None:
        ids = [product.pk for product in products]
    heading_level = context.get("heading_level") or 2

    action = reverse("cart:add")

    def render(indexes, token, here=NEXT_PLACEHOLDER):
        if hasattr(products, "load"):
            rows = products.load([ids[i] for i in indexes])
        else:
            rows = {product.pk: product for product in products}
        address = cards.product_addresses()
        return {
            i: cards.card(
                rows[ids[i]],
                buyer=buyer,
                heading_level=heading_level,
                token=token,
                next_url=here,
                action=action,
                address=address,
            )
            for i in indexes
            if ids[i] in rows
        }

    if current is None:  # rendered outside a request: nothing to share
        html = render(range(len(ids)), context.get("csrf_token") or "", "")
        return mark_safe("".join(html.values()))
    html = fragments(
        request,
        "product-card",
        [(prices_key(buyer), heading_level, pk) for pk in ids],
        token=context.get("csrf_token", ""),  # lazy: read if a form needs it
        render=render,
    )
    here = escape(request.get_full_path())
    # Escaped by format_html when rendered.
    return mark_safe("".join(html).replace(NEXT_PLACEHOLDER, here))


# ``{% shell key %}…{% endshell %}`` and ``{% hole "name" %}…{% endhole %}``:
# a whole page kept for shoppers, but for its holes.
#
# The shell is kept per catalogue version, host, script prefix, shop name and
# address, buyer's prices and ``key`` (the view's word that the page may be
# kept; nothing when not).
# What is the visitor's own sits in holes, drawn for each request with the
# page's live context: the account link, the mini cart, messages, the buy
# box (its price, stock and quantity limit). CSRF tokens in the shell are
# the placeholder, and each visitor gets their own.
_HOLES = {}  # name: node, as templates compile (every process compiles them)
_DRAWING = "_drawing_a_shell"
_MARK = "\x00hole:"  # form fields refuse NUL: no page text can forge a hole


class HoleNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name
        _HOLES[name] = self

    def render(self, context):
        if context.get(_DRAWING):
            return f"{_MARK}{self.name}\x00"
        return self.nodelist.render(context)


class ShellNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context):
        request = context.get("request")
        key = self.key.resolve(context) if self.key else None
        parts = _shell_parts(request, key)
        if parts is None:
            return self.nodelist.render(context)
        shell = cached_or_none(request, "shell", *parts)
        if shell is None:
            with context.push({_DRAWING: True, "csrf_token": CSRF_PLACEHOLDER}):
                shell = str(self.nodelist.render(context))
            store(request, "shell", *parts, value=shell)
        page = _fill(shell, context)
        if page is None:  # kept by a server whose templates differ
            return self.nodelist.render(context)
        return mark_safe(page)  # rendered by the template engine, escaped there


def _shell_parts(request, key):
    current = getattr(request, "cart", None)
    if current is None or not key or request.method != "GET":
        return None
    return (
        request.get_host(),
        # The shop's name is drawn into the shell's header (``{% once %}``
        # keys it the same way); ``shop.cache`` keys the script prefix.
        settings.SHOP_NAME,
        request.get_full_path(),
        prices_key(current.buyer),
        key,
    )


def _fill(shell, context):
    """Return ``shell`` with its holes drawn in ``context``, or None."""
    pieces = shell.split(_MARK)
    html = [pieces[0]]
    for piece in pieces[1:]:
        name, rest = piece.split("\x00", 1)
        hole = _HOLES.get(name)
        if hole is None:  # not compiled in this process, or templates differ
            return None
        html += [hole.nodelist.render(context), rest]
    page = "".join(html)
    if CSRF_PLACEHOLDER in page:
        page = page.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
    return page


def kept_page(request, template_name, context) -> str | None:
    """Return the page ``template_name`` would render, from its kept shell, or None.

    For a view whose page is all one ``{% shell %}`` (base.html's): on a hit
    only the holes are drawn, with the context the page would have had
    (context processors, the visitor's CSRF token), skipping the template
    inheritance walk around them (text outside the shell, base.html's final
    newline, is left out). None on a miss: the view renders as usual, which
    keeps the shell.
    """
    parts = _shell_parts(request, context.get("shell"))
    shell = parts and cached_or_none(request, "shell", *parts)
    if not shell:
        return None
    template = get_template(template_name).template
    page_context = make_context(context, request, autoescape=template.engine.autoescape)
    with page_context.render_context.push_state(template):
        with page_context.bind_template(template):
            return _fill(shell, page_context)


@register.tag("shell")
def do_shell(parser, token):
    bits = token.split_contents()
    nodelist = parser.parse(("endshell",))
    parser.delete_first_token()
    key = parser.compile_filter(bits[1]) if len(bits) > 1 else None
    return ShellNode(nodelist, key)


@register.tag("hole")
def do_hole(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("hole needs a name")
    nodelist = parser.parse(("endhole",))
    parser.delete_first_token()
    return HoleNode(nodelist, bits[1].strip("\"'"))

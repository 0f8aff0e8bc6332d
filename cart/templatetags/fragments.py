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
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from cart import cards
from cart.pricing import prices_key
from shop.cache import fragment, fragments

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
        return {
            i: cards.card(
                rows[ids[i]],
                buyer=buyer,
                heading_level=heading_level,
                token=token,
                next_url=here,
                action=action,
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

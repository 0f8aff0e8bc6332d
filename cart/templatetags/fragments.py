"""``{% fragment "name" part ... %}…{% endfragment %}``: a cached part of a page.

What the tag encloses is rendered once per catalogue version, buyer's prices
(``cart.pricing.prices_key``) and the given parts, then served from the cache
(``shop.cache.fragment``): product bodies, product cards, lists. Forms inside
carry each visitor's own CSRF token. Whatever else is personal (the mini
cart, messages, an amount the shopper typed) must stay outside the tag.

    {% fragment "product-details" product.pk %}…{% endfragment %}
    {% fragment "list" request.get_full_path %}…{% endfragment %}

A part that differs by address (a form's ``next``) names the address.
"""

from django import template
from django.utils.safestring import mark_safe

from cart.pricing import prices_key
from shop.cache import fragment

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

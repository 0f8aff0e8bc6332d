"""``{% once %}…{% endonce %}``: a part of a template drawn once per process.

For what is the same on every page of every visitor: links to the shop's
own addresses (``{% url %}`` reverses cost more than the rest of a header)
and static files. What it encloses must not read the page's context; the
HTML is kept per script prefix (a shop mounted under a path) and per the
values named, e.g. ``{% once SHOP_NAME %}``.
"""

from django import template
from django.urls import get_script_prefix

register = template.Library()


class OnceNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts
        self.drawn = {}

    def render(self, context):
        key = (get_script_prefix(), *(part.resolve(context) for part in self.parts))
        html = self.drawn.get(key)
        if html is None:
            html = self.drawn[key] = self.nodelist.render(context)
        return html


@register.tag("once")
def do_once(parser, token):
    bits = token.split_contents()
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])

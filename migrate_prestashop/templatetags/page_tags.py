from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from shop.cache import cached

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_page_links(context):
    """Render the footer's links to the pages staff chose ("show in footer").

    The same for every visitor: rendered once per catalogue version (a saved
    page moves the version on), so a page view reads no page. Keyed by the
    version rather than kept until a save clears it, because without Redis
    each worker has its own cache and could not hear of another's save; the
    version is read once per request, which catalogue pages and any visitor
    with a cart do anyway (a visitor without one on the few pages with no
    catalogue part, such as sign-in, pays that one read).
    """
    html = cached(
        context.get("request"),
        "footer-pages",
        compute=lambda: render_to_string(
            "includes/footer_pages.html", {"pages": selectors.footer_pages()}
        ),
    )
    return mark_safe(html)  # rendered by the template engine, escaped there

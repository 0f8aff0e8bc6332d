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
    page moves the version on), so a page view costs no query for it.
    """
    html = cached(
        context.get("request"),
        "footer-pages",
        compute=lambda: render_to_string(
            "includes/footer_pages.html", {"pages": selectors.footer_pages()}
        ),
    )
    return mark_safe(html)  # rendered by the template engine, escaped there

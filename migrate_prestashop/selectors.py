"""Reads: where an old link now lives, a customer's past orders, pages."""

from django.db.models import Prefetch

from .models import OldLink, OldRoute, Page, PastOrder, PastOrderLine


def saved_routes() -> dict:
    return dict(OldRoute.objects.values_list("route_id", "rule"))


def new_url(kind: str, old_id: int) -> str:
    """Return the new address of an old page, or "" when it has none."""
    link = (
        OldLink.objects.select_related("content_type")
        .filter(kind=kind, old_id=old_id)
        .first()
    )
    if link is None:
        return ""
    if not link.target_url and getattr(link.target, "is_published", True) is False:
        return ""
    try:
        return link.new_url()
    except ValueError:
        return ""  # An image link whose file has gone.


def past_orders_for(user):
    """Return the orders ``user`` placed in the old shop, newest first (2 queries)."""
    lines = PastOrderLine.objects.select_related("product").order_by("pk")
    return PastOrder.objects.filter(user=user).prefetch_related(
        Prefetch("lines", queryset=lines)
    )


def published_page(slug: str):
    """Return the published page at ``slug``, or None (1 query)."""
    return Page.objects.filter(slug=slug, is_published=True).first()


def sitemap_pages():
    """Return the published pages for the sitemap, oldest first (stable pages)."""
    return (
        Page.objects.filter(is_published=True).only("slug", "updated_at").order_by("pk")
    )


def footer_pages() -> list[tuple[str, str]]:
    """Return (title, address) of each published page chosen for the footer."""
    pages = (
        Page.objects.filter(is_published=True, show_in_footer=True)
        .only("title", "slug")
        .order_by("footer_order", "title", "pk")
    )
    return [(page.title, page.get_absolute_url()) for page in pages]

"""Reads behind the catalogue's pages, each with its joins spelled out."""

from django.conf import settings
from django.db.models import Prefetch

from .models import Credit, Product


def product_list_queryset():
    """Return published products with what a list or byline needs, in fixed queries."""
    return (
        Product.objects.published()
        .select_related("publisher")
        .prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("contributor"))
        )
    )


def new_products_for_block(limit=None):
    """Return the newest products for the New products block.

    New products come first; when fewer than ``limit`` are new, the most
    recent others fill the block so it is never empty in a quiet month.
    Newest-first order already does both.
    """
    limit = limit or settings.NEW_PRODUCTS_IN_BLOCK
    return list(product_list_queryset().newest_first()[:limit])


def product_detail(product_id):
    return product_list_queryset().prefetch_related("categories", "images").get(
        pk=product_id
    )

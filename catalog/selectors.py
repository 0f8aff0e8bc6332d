"""Reads behind the catalogue's pages, each with its joins spelled out.

Every selector here runs a fixed number of queries whatever the size of the
catalogue (``tests/catalog/test_queries.py`` shows it page by page).
"""

import copy

from django.conf import settings
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
)
from django.utils import timezone

from shop.cache import VERSION_COLUMN, kept, note_version

from . import card_rows
from .models import Category, Contributor, Credit, Product, Publisher

# Sort choices offered on every list page: key → (label, ordering).
SORTS = {
    "newest": ("Newest first", ("-date_added", "-pk")),
    "title": ("Title A–Z", ("title", "pk")),
    "price": ("Price, low to high", ("price", "title", "pk")),
    "-price": ("Price, high to low", ("-price", "title", "pk")),
}
DEFAULT_SORT = "newest"
# Categories nest a few levels deep (Books › History › Britain); following the
# parents in the same query keeps breadcrumbs free of extra queries.
_CATEGORY_PARENTS = "parent__parent__parent"


def product_list_queryset(products=None):
    """Return published products with what a list or byline needs, in fixed queries.

    The full description stays in the database: lists never show it, and it
    is most of a product's row. ``products_for_detail`` loads it. Search
    passes ``products`` it already knows are published.
    """
    return (
        (Product.objects.published() if products is None else products)
        .select_related("publisher")
        .prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("contributor"))
        )
        .defer("description")
    )


def products_for_cards(ids) -> dict:
    """Return ``{id: product}`` of ``ids`` with what their cards show.

    For a page's cards missing from the cache: one query, products with
    their publishers and credits (``catalog.card_rows``).
    """
    return card_rows.read(ids)


def sorted_products(queryset, sort, *, choices=None):
    """Return ``(queryset in the chosen order, the sort key used)``.

    An unknown sort key falls back to the first choice rather than failing.
    """
    choices = choices or SORTS
    if sort not in choices:
        sort = next(iter(choices))
    return queryset.order_by(*choices[sort][1]), sort


def new_products_queryset():
    """Return the products the "All new products" page lists, newest first.

    The rule: a published product is new for ``NEW_PRODUCT_DAYS`` days after
    its ``date_added``. The list holds every new product, and also the
    ``NEW_PRODUCTS_IN_BLOCK`` most recent products whether new or not, so in a
    quiet month it still shows as many as the block does and is never empty
    while the shop has any product. The New products block shows the first
    ``NEW_PRODUCTS_IN_BLOCK`` of this same list.
    """
    published = Product.objects.published()
    since = timezone.now() - timezone.timedelta(days=settings.NEW_PRODUCT_DAYS)
    most_recent = published.newest_first().values("pk")[
        : settings.NEW_PRODUCTS_IN_BLOCK
    ]
    return (
        product_list_queryset()
        .filter(Q(date_added__gte=since) | Q(pk__in=most_recent))
        .newest_first()
    )


def new_products_for_block(limit=None):
    """Return the first products of the New products list for the block.

    See ``new_products_queryset`` for the rule; the block is never empty while
    the shop has a published product.
    """
    limit = limit or settings.NEW_PRODUCTS_IN_BLOCK
    if limit > settings.NEW_PRODUCTS_IN_BLOCK:
        return list(new_products_queryset()[:limit])
    # That list starts with the NEW_PRODUCTS_IN_BLOCK most recent products
    # (anything else in it is older than all of them), so the block asks for
    # just those: a walk down the date index, not the whole table for the OR.
    return list(product_list_queryset().newest_first()[:limit])


def featured_products(limit=4):
    """Return the shop's picks for the top of the home page, newest first."""
    return list(product_list_queryset().featured().newest_first()[:limit])


def catalogue_products():
    """Return every published product, for the home page's list of them all."""
    return product_list_queryset()


def products_for_detail():
    """Return published products with their publishers, credits and descriptions.

    The product page picks one by id; unpublished products are not among them.
    Its categories (``categories_of``) are read only when the page's cached
    parts are rendered.
    """
    return product_list_queryset().defer(None)


def product_for_page(request, pk) -> Product | None:
    """Return published product ``pk`` as ``products_for_detail`` reads it, or None.

    Kept in the process under the catalogue version; only the stock is read
    afresh, as orders take it without always changing the version: by
    ``request.read_stock`` when an app above (the cart) puts it there, else
    by ``product_stock``. The request gets its own copy carrying that
    stock: the kept product is shared by every request (and thread) of the
    process.
    """
    if not could_be_product_id(pk):
        return None  # no such row, and plain SQL would refuse the number
    # The stock first: the cart's hook reads it with the cart's state, and
    # both read the catalogue version in the same statement (for kept()).
    read = getattr(request, "read_stock", None) or product_stock
    stock = read(pk, request=request)
    if stock is None:
        return None  # no such product
    product = kept(
        request,
        "product-page",
        pk,
        compute=lambda: products_for_detail().filter(pk=pk).first() or False,
    )
    if not product:
        return None
    product = copy.copy(product)
    product.stock = stock
    return product


def could_be_product_id(pk: int) -> bool:
    """Whether a product row could have id ``pk``: plain SQL refuses a
    number past a BigAutoField's largest, where the ORM's lookup said no rows."""
    return 0 < pk <= 2**63 - 1


def product_stock(pk, *, request=None) -> int | None:
    """Return product ``pk``'s stock as it is now, or None for no such product.

    The catalogue version is read in the same statement and taken as
    ``request``'s (``shop.cache.note_version``) when it has none yet.
    """
    with connection.cursor() as cursor:
        cursor.execute(_STOCK_SQL, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    note_version(request, row[1])
    return row[0]


_STOCK_SQL = f'SELECT "stock", {VERSION_COLUMN} FROM "catalog_product" WHERE "id" = %s'


def categories_of(product) -> list:
    """Return ``product``'s categories with their parents, for breadcrumbs."""
    return list(product.categories.select_related(_CATEGORY_PARENTS))


def more_from_publisher(product, limit=4):
    """Return a few other published products of the same publisher, newest first."""
    if product.publisher_id is None:
        return []
    return list(
        product_list_queryset()
        .filter(publisher_id=product.publisher_id)
        .exclude(pk=product.pk)
        .newest_first()[:limit]
    )


def top_categories():
    """Return the top-level categories with their subcategories, for the home page.

    Each carries ``published_count``, its own published products (not its
    subcategories'), which the home page shows on a card with no
    subcategories to list, so that no card is an empty box.
    """
    return list(
        Category.objects.filter(parent=None)
        .annotate(
            published_count=Count("products", filter=Q(products__is_published=True))
        )
        .prefetch_related("children")
    )


def categories_for_page():
    """Return categories with their parents and subcategories, for a category page."""
    return Category.objects.select_related(_CATEGORY_PARENTS).prefetch_related(
        "children"
    )


def _category_and_descendant_ids(category):
    # One query for the whole (small) tree, walked in Python, so the depth of
    # the nesting never adds queries.
    children = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    ids, todo = set(), [category.pk]
    while todo:
        pk = todo.pop()
        if pk not in ids:
            ids.add(pk)
            todo.extend(children.get(pk, []))
    return ids


def products_in_category(category):
    """Return the published products in ``category`` or any of its subcategories."""
    # EXISTS per product rather than ``pk IN (…)``: the list walks the sort's
    # index and stops after a page, probing the (product, category) index for
    # each row, instead of first collecting every product id in the tree.
    in_tree = Product.categories.through.objects.filter(
        product_id=OuterRef("pk"),
        category_id__in=_category_and_descendant_ids(category),
    )
    return product_list_queryset().filter(Exists(in_tree))


def publishers():
    """Return the publishers, for a publisher's page."""
    return Publisher.objects.all()


def products_of_publisher(publisher):
    """Return the publisher's published products."""
    return product_list_queryset().filter(publisher=publisher)


def contributors():
    """Return the contributors, for a contributor's page."""
    return Contributor.objects.all()


def products_of_contributor(contributor):
    """Return the published products the contributor wrote, edited, translated…"""
    credited = Credit.objects.filter(contributor=contributor).values("product_id")
    return product_list_queryset().filter(pk__in=credited)


def sitemap_products():
    """Return published products for the sitemap, oldest first (stable pages)."""
    return Product.objects.published().only("pk", "slug", "updated_at").order_by("pk")


def sitemap_categories():
    return Category.objects.order_by("pk")


def sitemap_publishers():
    """Return publishers with at least one published product."""
    return Publisher.objects.filter(
        Exists(Product.objects.published().filter(publisher=OuterRef("pk")))
    ).order_by("pk")


def sitemap_contributors():
    """Return contributors credited on at least one published product."""
    return Contributor.objects.filter(
        Exists(
            Credit.objects.filter(
                contributor=OuterRef("pk"), product__is_published=True
            )
        )
    ).order_by("pk")

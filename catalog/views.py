from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import condition

from shop.cache import anonymous_etag, anonymous_page, cached

from . import search_results, selectors, structured_data
from .paging import IdsPaginator, ListPaginator

# Conditional GET for visitors without a session: a reload or a back button
# gets "304 Not Modified" until the catalogue changes.
catalogue_page = condition(etag_func=anonymous_etag)


def _page(request, paginator):
    """Return the requested page of ``paginator``; a page that is not there is a 404."""
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page") from None


def _page_number(request) -> int:
    """Return the page number asked for; one that cannot be a page is a 404."""
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        raise Http404("No such page") from None
    if number < 1:
        raise Http404("No such page")
    return number


def _product_list(request, template, queryset, **context):
    """Render a sorted, paginated product list page of ``queryset``."""
    queryset, sort = selectors.sorted_products(queryset, request.GET.get("sort"))
    # The list is named by its address; the sort is in the queryset's order.
    paginator = ListPaginator(
        queryset,
        settings.PRODUCTS_PER_PAGE,
        request=request,
        key=request.path,
        rows=selectors.products_for_cards,
    )
    return _list_page(
        request, template, paginator, sort=sort, sorts=selectors.SORTS, **context
    )


def _list_page(request, template, paginator, *, sort, sorts, **context):
    """Render a page of ``paginator``'s products, in ``sort``, one of ``sorts``.

    The page is read when the template first asks for it: only when its
    cached list (``includes/product_list.html``) is not in the cache, and
    then only the products whose cards are not cached either.
    """
    page = SimpleLazyObject(lambda: _page(request, paginator))
    context |= {
        "page_number": _page_number(request),
        "page_obj": page,
        "products": SimpleLazyObject(lambda: page.object_list),
        "sort": sort,
        "sort_choices": [(key, label) for key, (label, _) in sorts.items()],
    }
    return render(request, template, context)


@catalogue_page
@anonymous_page
def home(request):
    return _product_list(
        request,
        "catalog/home.html",
        selectors.catalogue_products(),
        # Read once per catalogue version, not once per address the page is
        # asked at (home-top is kept per address): at 100,000 products the
        # picks walk the date index past every product not picked, and the
        # counts read every category link (0.25–0.4 s each on SQLite).
        featured=SimpleLazyObject(
            lambda: cached(request, "featured", compute=selectors.featured_products)
        ),
        categories=SimpleLazyObject(
            lambda: cached(request, "top-categories", compute=selectors.top_categories)
        ),
    )


@catalogue_page
@anonymous_page
def product_detail(request, pk, slug):
    product = selectors.product_for_page(request, pk)
    if product is None:
        raise Http404("No such product")
    if slug != product.slug:
        # An old link keeps what it carried (a campaign tag, say).
        query = request.META.get("QUERY_STRING", "")
        url = product.get_absolute_url() + (f"?{query}" if query else "")
        return HttpResponsePermanentRedirect(url)
    return _product_page(request, product)


def product_page(request, pk, *, status=200, **extra):
    """Render product ``pk``'s page with ``extra`` context (the cart's form errors).

    **Template:** ``catalog/product_detail.html``.
    """
    product = get_object_or_404(selectors.products_for_detail(), pk=pk)
    return _product_page(request, product, status=status, **extra)


def _product_page(request, product, *, status=200, **extra):
    # Read only by the page's cached parts (fragments), so only on a miss.
    categories = SimpleLazyObject(lambda: selectors.categories_of(product))
    # A TemplateResponse: for a shopper, cart.middleware draws the page from
    # its kept shell when there is one (only its holes rendered).
    return TemplateResponse(
        request,
        "catalog/product_detail.html",
        extra
        | {
            "product": product,
            "categories": categories,
            "breadcrumbs": SimpleLazyObject(
                lambda: categories[0].ancestors_and_self() if categories else []
            ),
            "credits": SimpleLazyObject(product.ordered_credits),
            "more_from_publisher": SimpleLazyObject(
                lambda: selectors.more_from_publisher(product)
            ),
            "sharing": SimpleLazyObject(
                lambda: structured_data.product_sharing(product, request=request)
            ),
            # The browser's own check; the cart enforces the same limits.
            "quantity_max": product.sellable_quantity(settings.CART_LINE_LIMIT),
            # Kept whole for shoppers, but for its holes (base.html's shell),
            # unless it shows what one shopper typed.
            "shell": "product" if not extra else "",
        },
        status=status,
    )


@catalogue_page
@anonymous_page
def new_products(request):
    return _product_list(
        request, "catalog/new_products.html", selectors.new_products_queryset()
    )


@catalogue_page
@anonymous_page
def category(request, slug):
    category = get_object_or_404(selectors.categories_for_page(), slug=slug)
    return _product_list(
        request,
        "catalog/category.html",
        selectors.products_in_category(category),
        category=category,
        breadcrumbs=category.ancestors_and_self(),
        subcategories=list(category.children.all()),
    )


@catalogue_page
@anonymous_page
def publisher(request, slug):
    publisher = get_object_or_404(selectors.publishers(), slug=slug)
    return _product_list(
        request,
        "catalog/publisher.html",
        selectors.products_of_publisher(publisher),
        publisher=publisher,
    )


@catalogue_page
@anonymous_page
def contributor(request, slug):
    contributor = get_object_or_404(selectors.contributors(), slug=slug)
    return _product_list(
        request,
        "catalog/contributor.html",
        selectors.products_of_contributor(contributor),
        contributor=contributor,
    )


@catalogue_page
@anonymous_page
def search(request):
    query = search_results.clean_search_query(request.GET.get("q"))
    if not query:
        return render(request, "catalog/search.html", {"query": ""})
    sort = request.GET.get("sort")
    sort = (
        sort if sort in search_results.SEARCH_SORTS else search_results.RELEVANCE_SORT
    )
    results = search_results.search_products(query, sort=sort, request=request)
    suggestion = None
    if not results:
        # "trotksy": nothing matches, so show what the nearest spelling finds.
        suggestion = search_results.search_suggestion(query, request=request)
        if suggestion:
            results = search_results.search_products(
                suggestion, sort=sort, request=request
            )
    paginator = IdsPaginator(
        results.ids,
        settings.PRODUCTS_PER_PAGE,
        rows=selectors.products_for_cards,
    )
    return _list_page(
        request,
        "catalog/search.html",
        paginator,
        sort=sort,
        sorts=search_results.SEARCH_SORTS,
        query=query,
        suggestion=suggestion,
    )

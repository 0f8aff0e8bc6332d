from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import (
    Http404,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from . import selectors
from .models import Category, Contributor, Product, Publisher


def _page(request, queryset):
    """Return the requested page of ``queryset``; a page that is not there is a 404."""
    paginator = Paginator(queryset, settings.PRODUCTS_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page") from None


def _product_list(request, template, queryset, *, sorts=None, **context):
    """Render a sorted, paginated product list page."""
    sorts = sorts or selectors.SORTS
    queryset, sort = selectors.sorted_products(
        queryset, request.GET.get("sort"), choices=sorts
    )
    page = _page(request, queryset)
    context |= {
        "page_obj": page,
        "products": page.object_list,
        "sort": sort,
        "sort_choices": [(key, label) for key, (label, _) in sorts.items()],
    }
    return render(request, template, context)


def home(request):
    return _product_list(
        request,
        "catalog/home.html",
        selectors.catalogue_products(),
        featured=selectors.featured_products(),
        categories=selectors.top_categories(),
    )


def product_detail(request, pk, slug):
    try:
        product = selectors.product_detail(pk)
    except Product.DoesNotExist:
        raise Http404("No such product") from None
    if slug != product.slug:
        # An old link keeps what it carried (a campaign tag, say).
        query = request.META.get("QUERY_STRING", "")
        url = product.get_absolute_url() + (f"?{query}" if query else "")
        return HttpResponsePermanentRedirect(url)
    categories = list(product.categories.all())
    return render(
        request,
        "catalog/product_detail.html",
        {
            "product": product,
            "breadcrumbs": categories[0].ancestors_and_self() if categories else [],
            "credits": product.ordered_credits(),
            "more_from_publisher": selectors.more_from_publisher(product),
            # The browser's own check; the cart enforces the same limits.
            "quantity_max": product.sellable_quantity(settings.CART_LINE_LIMIT),
        },
    )


def new_products(request):
    return _product_list(
        request, "catalog/new_products.html", selectors.new_products_queryset()
    )


def category(request, slug):
    try:
        category = selectors.category_by_slug(slug)
    except Category.DoesNotExist:
        raise Http404("No such category") from None
    return _product_list(
        request,
        "catalog/category.html",
        selectors.products_in_category(category),
        category=category,
        breadcrumbs=category.ancestors_and_self(),
        subcategories=list(category.children.all()),
    )


def publisher(request, slug):
    try:
        publisher = selectors.publisher_by_slug(slug)
    except Publisher.DoesNotExist:
        raise Http404("No such publisher") from None
    return _product_list(
        request,
        "catalog/publisher.html",
        selectors.products_of_publisher(publisher),
        publisher=publisher,
    )


def contributor(request, slug):
    try:
        contributor = selectors.contributor_by_slug(slug)
    except Contributor.DoesNotExist:
        raise Http404("No such contributor") from None
    return _product_list(
        request,
        "catalog/contributor.html",
        selectors.products_of_contributor(contributor),
        contributor=contributor,
    )


def search(request):
    query = selectors.clean_search_query(request.GET.get("q"))
    if not query:
        return render(request, "catalog/search.html", {"query": ""})
    return _product_list(
        request,
        "catalog/search.html",
        selectors.search_products(query),
        sorts=selectors.SEARCH_SORTS,
        query=query,
    )


@requires_csrf_token
def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request, so no context processor runs: the
    # database (or the session) may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import requires_csrf_token

from . import selectors
from .models import Product


def home(request):
    return render(
        request, "catalog/home.html", {"products": selectors.new_products_for_block()}
    )


def product_detail(request, pk, slug):
    try:
        product = selectors.product_detail(pk)
    except Product.DoesNotExist:
        raise Http404("No such product") from None
    if slug != product.slug:
        return redirect(product, permanent=True)
    return render(request, "catalog/product_detail.html", {"product": product})


def new_products(request):
    raise Http404


def category(request, slug):
    raise Http404


def publisher(request, slug):
    raise Http404


def contributor(request, slug):
    raise Http404


def search(request):
    raise Http404


@requires_csrf_token
def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Render without context processors' database work: the database may be
    # what failed.
    return render(request, "500.html", status=500)

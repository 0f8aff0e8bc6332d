from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import selectors


@login_required
def past_orders(request):
    """The signed-in customer's orders from the old shop, read-only.

    Template: ``migrate_prestashop/past_orders.html``; context: ``orders``.
    """
    orders = selectors.past_orders_for(request.user)
    return render(request, "migrate_prestashop/past_orders.html", {"orders": orders})


def page(request, slug):
    """A published information page ("About us"), or the styled 404.

    Template: ``migrate_prestashop/page.html``; context: ``page``.
    """
    found = selectors.published_page(slug)
    if found is None:
        raise Http404("No such page.")
    return render(request, "migrate_prestashop/page.html", {"page": found})

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def past_orders(request):
    """The signed-in customer's orders from the old shop, read-only.

    Template: ``migrate_prestashop/past_orders.html``; context: ``orders``.
    """
    orders = selectors.past_orders_for(request.user)
    return render(request, "migrate_prestashop/past_orders.html", {"orders": orders})

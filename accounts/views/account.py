"""My account: orders (with Buy again), saved addresses."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from cart import services as cart_services

from .. import selectors, services
from ..forms import AddressForm

ORDERS_PER_PAGE = 20


def customer_required(view):
    """Sign-in required; the view finds ``request.customer`` set."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.customer = selectors.customer_for(request.user)
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@customer_required
def overview(request):
    """My account: the customer's orders, newest first, a page at a time.

    Template ``accounts/overview.html``; context ``orders`` (with lines and
    status history prefetched), ``page_obj`` and ``customer``.
    """
    paginator = Paginator(selectors.orders_of(request.user), ORDERS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page") from None
    return render(
        request,
        "accounts/overview.html",
        {"orders": page.object_list, "page_obj": page, "customer": request.customer},
    )


@require_GET
@customer_required
def order_detail(request, number):
    order = get_object_or_404(selectors.orders_of(request.user), number=number)
    return render(request, "accounts/order_detail.html", {"order": order})


@require_POST
@customer_required
def buy_again(request, number):
    order = get_object_or_404(selectors.orders_of(request.user), number=number)
    cart = cart_services.get_or_create_cart(request)
    added, notes = services.buy_again(cart=cart, order=order)
    if added:
        messages.success(
            request,
            f"We added {added} item{'s' if added != 1 else ''} from order "
            f"{order.number} to your cart.",
        )
    for note in notes:
        messages.warning(request, note)
    if not added:
        messages.warning(request, "Nothing from that order can be bought now.")
        return redirect("accounts:order", number=order.number)
    return redirect("cart:detail")


@require_GET
@customer_required
def addresses(request):
    return render(
        request,
        "accounts/addresses.html",
        {"addresses": list(selectors.addresses_of(request.customer))},
    )


@customer_required
def address_form(request, pk=None):
    address = None
    if pk is not None:
        address = get_object_or_404(selectors.addresses_of(request.customer), pk=pk)
    form = AddressForm(request.POST or None, instance=address)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.save_address(
                customer=request.customer,
                address=address,
                **form.cleaned_data,
            )
            messages.success(request, "Address saved.")
            return redirect("accounts:addresses")
        status = 400
    return render(
        request,
        "accounts/address_form.html",
        {"form": form, "address": address},
        status=status,
    )


@require_POST
@customer_required
def address_default(request, pk):
    address = get_object_or_404(selectors.addresses_of(request.customer), pk=pk)
    services.make_default(customer=request.customer, address=address)
    messages.success(request, "Default address changed.")
    return redirect("accounts:addresses")


@require_POST
@customer_required
def address_delete(request, pk):
    address = get_object_or_404(selectors.addresses_of(request.customer), pk=pk)
    services.delete_address(customer=request.customer, address=address)
    messages.success(request, "Address deleted.")
    return redirect("accounts:addresses")

"""Reads behind the account pages; each is scoped to one customer."""

from django.db.models import Count, Q

from catalog.models import Product
from checkout import selectors as checkout_selectors
from checkout.prefill import Saved, SavedAddress

from .models import Address, Customer, StockAlert


def customer_for(user) -> Customer:
    """Return the signed-in user's customer row, creating it for staff users."""
    customer, _ = Customer.objects.get_or_create(user=user)
    customer.user = user
    return customer


def orders_of(user):
    """The customer's orders, newest first, with lines and history (3 queries)."""
    return checkout_selectors.orders_for_shoppers().filter(user=user)


def addresses_of(customer):
    return Address.objects.filter(customer=customer).order_by(
        "-is_default", "created_at", "pk"
    )


def alerts_of(customer):
    """The customer's live alerts, with their products (1 query)."""
    return (
        StockAlert.objects.active()
        .filter(customer=customer)
        .select_related("product")
        .order_by("-created_at", "-pk")
    )


def alert_for_token(token: str) -> StockAlert:
    """Return the alert a link names; raise ``StockAlert.DoesNotExist`` otherwise."""
    return StockAlert.objects.select_related("product").get(token=str(token)[:64])


def demand():
    """Products with people waiting for them, most wanted first (admin)."""
    waiting = Q(stock_alerts__status=StockAlert.Status.WAITING)
    return (
        Product.objects.annotate(waiting=Count("stock_alerts", filter=waiting))
        .filter(waiting__gt=0)
        .order_by("-waiting", "title")
    )


def saved_addresses_for_checkout(request) -> Saved | None:
    """What checkout pre-fills for a signed-in customer: email and addresses."""
    user = request.user
    if not user.is_authenticated:
        return None
    addresses = Address.objects.filter(customer__user=user).order_by(
        "-is_default", "created_at", "pk"
    )
    return Saved(
        email=user.email,
        addresses=tuple(
            SavedAddress(
                id=a.pk,
                label=", ".join(a.lines[:3]) + (" (default)" if a.is_default else ""),
                name=a.name,
                line1=a.line1,
                line2=a.line2,
                city=a.city,
                region=a.region,
                postcode=a.postcode,
                country=a.country,
            )
            for a in addresses
        ),
    )

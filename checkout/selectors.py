"""Reads of orders and terms."""

from django.db.models import Prefetch, QuerySet

from .models import Order, OrderLine, StatusChange, Terms


def orders_with_lines() -> QuerySet[Order]:
    """Return orders with their lines (two queries): packing slips, emails."""
    return Order.objects.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("pk"))
    )


def order_with_lines(pk: int) -> Order:
    """Return the order with its lines, in two queries."""
    return orders_with_lines().get(pk=pk)


def orders_for_shoppers() -> QuerySet[Order]:
    """Return orders with lines and history, for the shopper's order page.

    The page finds its order by the secret ``token`` only, never by id.
    """
    return orders_with_lines().prefetch_related(
        Prefetch(
            "status_changes",
            queryset=StatusChange.objects.order_by("changed_at", "pk"),
        ),
    )


def order_for_checkout(checkout_token: str) -> Order | None:
    """Return the order a review page already placed, if any."""
    return Order.objects.filter(checkout_token=checkout_token).first()


def unpaid_order(token: str) -> Order | None:
    """Return the order ``token`` names if it still awaits payment."""
    return Order.objects.filter(
        token=token, status=Order.Status.AWAITING_PAYMENT
    ).first()


def current_terms() -> QuerySet[Terms]:
    """Return the terms of sale in force, as a queryset of at most one."""
    return Terms.objects.order_by("-updated_at", "-pk")[:1]

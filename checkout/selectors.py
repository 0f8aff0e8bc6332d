"""Reads of orders and terms."""

from django.db.models import Prefetch

from .models import Order, OrderLine, StatusChange, Terms


def order_with_lines(pk: int) -> Order:
    """Return the order with its lines, in two queries."""
    return Order.objects.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("pk"))
    ).get(pk=pk)


def order_for_token(token: str) -> Order:
    """Return the shopper's order for its secret token with lines and history.

    Raises ``Order.DoesNotExist`` for any other value, numeric ids included.
    """
    return Order.objects.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("pk")),
        Prefetch(
            "status_changes",
            queryset=StatusChange.objects.order_by("changed_at", "pk"),
        ),
    ).get(token=token)


def current_terms() -> Terms | None:
    return Terms.objects.order_by("-updated_at", "-pk").first()

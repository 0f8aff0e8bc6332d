"""Reads of orders and terms."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)

from shop.money import to_money

from .models import Order, OrderLine, StatusChange, Terms


def orders_with_lines() -> QuerySet[Order]:
    """Return orders with their lines (two queries): packing slips, emails."""
    return Order.objects.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("pk"))
    )


def order_with_lines(pk: int) -> Order:
    """Return the order with its lines, in two queries."""
    return orders_with_lines().get(pk=pk)


PLACED_WITH = f"SELECT id FROM {Order._meta.db_table} WHERE checkout_token = %s"


def placed_with(checkout_token: str) -> Order | None:
    """Return the order placed with ``checkout_token``, if any.

    Every order placed asks this first, and almost always finds none: one
    small indexed read, written out, rather than the whole row through the ORM.
    """
    with connection.cursor() as cursor:
        cursor.execute(PLACED_WITH, [checkout_token])
        found = cursor.fetchone()
    return Order.objects.get(pk=found[0]) if found else None


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


@dataclass(frozen=True)
class Fund:
    """The solidarity fund: paid above list price, less paid below it."""

    above: Decimal
    below: Decimal

    @property
    def balance(self) -> Decimal:
        return self.above - self.below


FUNDED = (Order.Status.PAID, Order.Status.SHIPPED, Order.Status.INVOICED)


def solidarity_fund() -> Fund:
    """Return what paid orders' solidarity choices put in and took out (one query).

    Pay-what-you-can lines count on the side of the list price they were paid.
    """
    gap = ExpressionWrapper(
        (F("cover_price") - F("unit_price")) * F("quantity"),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    pwyc = Q(price_choice="pwyc")
    sums = OrderLine.objects.filter(
        order__status__in=FUNDED, cover_price__isnull=False
    ).aggregate(
        above=Sum(
            -gap,
            filter=Q(price_choice="solidarity")
            | (pwyc & Q(unit_price__gt=F("cover_price"))),
        ),
        below=Sum(
            gap,
            filter=Q(price_choice="reduced")
            | (pwyc & Q(unit_price__lt=F("cover_price"))),
        ),
    )
    return Fund(above=to_money(sums["above"] or 0), below=to_money(sums["below"] or 0))

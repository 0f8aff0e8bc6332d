"""Reads behind the trade pages, each scoped to one trade account."""

from django.db.models import Prefetch

from .models import Consignment, ConsignmentLine, Invoice, Member, Payment


def membership_of(user) -> Member | None:
    """Return the signed-in user's trade membership with its account (1 query)."""
    if not user.is_authenticated:
        return None
    return Member.objects.select_related("account").filter(customer__user=user).first()


def invoices_of(account):
    return Invoice.objects.filter(account=account)


def invoice_with_lines(account):
    """The account's invoices with lines and payments (3 queries for one)."""
    return invoices_of(account).prefetch_related(
        "lines", Prefetch("payments", queryset=Payment.objects.order_by("pk"))
    )


def payments_of(account):
    return Payment.objects.filter(invoice__account=account).select_related("invoice")


def consignments_of(account):
    return Consignment.objects.filter(account=account).prefetch_related(
        Prefetch("lines", queryset=ConsignmentLine.objects.order_by("pk"))
    )

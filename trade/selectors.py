"""Reads behind the trade pages, each scoped to one trade account."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from shop.money import ZERO

from .models import Consignment, ConsignmentLine, Invoice, Member, Payment


def membership_of(user) -> Member | None:
    """Return the signed-in user's trade membership with its account (1 query)."""
    if not user.is_authenticated:
        return None
    return Member.objects.select_related("account").filter(customer__user=user).first()


def invoices_of(account):
    return Invoice.objects.filter(account=account)


def with_lines(invoices):
    """``invoices`` with their lines and payments (3 queries for one)."""
    return invoices.select_related("account").prefetch_related(
        "lines", Prefetch("payments", queryset=Payment.objects.order_by("pk"))
    )


def payments_of(account):
    return Payment.objects.filter(invoice__account=account).select_related("invoice")


def consignments_of(account):
    return Consignment.objects.filter(account=account).prefetch_related(
        Prefetch("lines", queryset=ConsignmentLine.objects.order_by("pk"))
    )


@dataclass(frozen=True)
class StatementRow:
    on: date
    description: str
    invoice: Invoice
    charge: Decimal | None = None
    paid: Decimal | None = None
    balance: Decimal = ZERO


def statement(account) -> dict:
    """Return the account's statement: invoices and payments by date with a
    running balance, the balance and what is overdue (2 queries)."""
    invoices = list(invoices_of(account).order_by("issued_on", "number"))
    payments = list(payments_of(account).order_by("received_on", "pk"))
    events = [(i.issued_on, 0, i.number, i, None) for i in invoices] + [
        (p.received_on, 1, p.pk, p.invoice, p) for p in payments
    ]
    rows, balance = [], ZERO
    for on, _, _, invoice, payment in sorted(events, key=lambda e: e[:3]):
        if payment is None:
            balance += invoice.total
            rows.append(
                StatementRow(
                    on=on,
                    description=f"Invoice {invoice.label}, "
                    f"due {invoice.due_on:%d %b %Y}",
                    invoice=invoice,
                    charge=invoice.total,
                    balance=balance,
                )
            )
        else:
            balance -= payment.amount
            rows.append(
                StatementRow(
                    on=on,
                    description=f"Payment ({payment.get_method_display()}) "
                    f"for {invoice.label}"
                    + (f", {payment.reference}" if payment.reference else ""),
                    invoice=invoice,
                    paid=payment.amount,
                    balance=balance,
                )
            )
    today = timezone.localdate()
    overdue = [i for i in invoices if i.is_overdue(today)]
    return {
        "account": account,
        "rows": rows,
        "balance": balance,
        "unpaid": [i for i in invoices if not i.is_paid],
        "overdue": overdue,
        "overdue_total": sum((i.balance for i in overdue), ZERO),
    }

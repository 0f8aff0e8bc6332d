"""Reads behind the trade pages, each scoped to one trade account."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from shop.money import ZERO

from .models import (
    Consignment,
    ConsignmentLine,
    CreditNote,
    Invoice,
    Member,
    Payment,
)


def membership_of(user) -> Member | None:
    """Return the signed-in user's trade membership with its account (1 query)."""
    if not user.is_authenticated:
        return None
    return Member.objects.select_related("account").filter(customer__user=user).first()


def invoices_of(account):
    return Invoice.objects.filter(account=account)


def with_lines(invoices):
    """``invoices`` with their lines, payments and credit notes (4 queries for one)."""
    return invoices.select_related("account").prefetch_related(
        "lines",
        Prefetch("payments", queryset=Payment.objects.order_by("pk")),
        Prefetch("credit_notes", queryset=CreditNote.objects.order_by("number")),
    )


def credit_notes_of(account):
    """The account's credit notes, each with its invoice and lines (3 queries)."""
    return (
        CreditNote.objects.filter(invoice__account=account)
        .select_related("invoice__order")
        .prefetch_related("lines")
    )


def all_credit_notes():
    """Every credit note, for staff looking from admin."""
    return CreditNote.objects.select_related("invoice__order").prefetch_related("lines")


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
    link: str
    charge: Decimal | None = None
    paid: Decimal | None = None
    credited: Decimal | None = None
    balance: Decimal = ZERO


def _statement_row(document, balance) -> StatementRow:
    if isinstance(document, Invoice):
        return StatementRow(
            on=document.issued_on,
            description=f"Invoice {document.label}, due {document.due_on:%d %b %Y}",
            link=document.get_absolute_url(),
            charge=document.total,
            balance=balance,
        )
    if isinstance(document, CreditNote):
        return StatementRow(
            on=document.issued_on,
            description=f"Credit note {document.label} for {document.invoice.label}",
            link=document.get_absolute_url(),
            credited=document.total,
            balance=balance,
        )
    return StatementRow(
        on=document.received_on,
        description=f"Payment ({document.get_method_display()}) "
        f"for {document.invoice.label}"
        + (f", {document.reference}" if document.reference else ""),
        link=document.invoice.get_absolute_url(),
        paid=document.amount,
        balance=balance,
    )


def statement(account) -> dict:
    """Return the account's statement: invoices, payments and credit notes by
    date with a running balance, the balance and what is overdue (3 queries)."""
    invoices = list(invoices_of(account).order_by("issued_on", "number"))
    payments = list(payments_of(account).order_by("received_on", "pk"))
    notes = list(
        CreditNote.objects.filter(invoice__account=account).select_related("invoice")
    )
    events = (
        [(i.issued_on, 0, i.number, i.total, i) for i in invoices]
        + [(p.received_on, 1, p.pk, -p.amount, p) for p in payments]
        + [(n.issued_on, 2, n.number, -n.total, n) for n in notes]
    )
    rows, balance = [], ZERO
    for *_, change, document in sorted(events, key=lambda e: e[:3]):
        balance += change
        rows.append(_statement_row(document, balance))
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

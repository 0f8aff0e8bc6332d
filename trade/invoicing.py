"""Invoices, their gap-free numbers, and payments against them.

Numbers: one ``InvoiceCounter`` row is moved on by a conditional UPDATE
(``WHERE last_number = <the number read>``) inside the transaction that
writes the invoice. The UPDATE holds the row until commit, so a concurrent
invoice waits, finds the number moved on, and reads again; a rolled-back
invoice rolls its number back too. Numbers therefore never repeat or skip,
on PostgreSQL (row lock) and on SQLite (IMMEDIATE transactions, one writer).

Payments: ``amount_paid`` moves only by a conditional UPDATE that keeps it
within the invoice's total, so two staff recording the same cheque cannot
overpay an invoice.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from checkout.exceptions import CheckoutError
from shop.money import ZERO, format_money, to_money

from . import emails
from .models import Invoice, InvoiceCounter, InvoiceLine, Payment, TradeAccount

COUNTER = "invoice"


class PaymentError(Exception):
    """A payment that cannot be recorded; the message says why."""


def next_number(counter: str = COUNTER) -> int:
    """Take the next number of ``counter`` (invoices unless told); call inside
    the transaction that writes the numbered document."""
    for _ in range(100):
        row, _ = InvoiceCounter.objects.get_or_create(name=counter)
        current = row.last_number
        moved = InvoiceCounter.objects.filter(name=counter, last_number=current).update(
            last_number=current + 1
        )
        if moved:
            return current + 1
    raise RuntimeError(f"Could not take a {counter} number: too many at once.")


def outstanding(account: TradeAccount) -> Decimal:
    """Return what ``account`` owes on all its invoices."""
    owed = Invoice.objects.filter(account=account).aggregate(
        owed=Sum(F("total") - F("amount_paid") - F("amount_credited"))
    )["owed"]
    return to_money(owed or ZERO)


def _lock_for_invoice(account_id: int, amount: Decimal) -> TradeAccount:
    """Lock the account and refuse an invoice it may not have now."""
    account = TradeAccount.objects.select_for_update().get(pk=account_id)
    if not account.is_approved:
        raise CheckoutError(["Paying on invoice is for approved trade accounts only."])
    if account.on_hold:
        raise CheckoutError(
            [
                f"This account is on hold, so it cannot order on invoice: "
                f"{account.hold_reason}"
            ]
        )
    if account.credit_limit is not None:
        owed = outstanding(account)
        if owed + amount > account.credit_limit:
            raise CheckoutError(
                [
                    f"This order would take the account over its credit limit of "
                    f"{format_money(account.credit_limit)} (it owes "
                    f"{format_money(owed)} now): pay an invoice first, or choose "
                    "another way to pay."
                ]
            )
    return account


def _issue(
    *, account, lines: Iterable[InvoiceLine], postage, order=None, consignment=None
) -> Invoice:
    lines = list(lines)
    subtotal = to_money(sum((line.line_total for line in lines), ZERO))
    today = timezone.localdate()
    invoice = Invoice.objects.create(
        number=next_number(),
        account=account,
        order=order,
        consignment=consignment,
        issued_on=today,
        due_on=today + datetime.timedelta(days=account.payment_days),
        buyer_name=account.organisation,
        buyer_contact=account.contact_name,
        buyer_address="\n".join(account.address_lines),
        subtotal=subtotal,
        postage=to_money(postage),
        total=to_money(subtotal + postage),
    )
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    return invoice


def invoice_order(*, order, account_id: int) -> Invoice:
    """Issue the invoice for a trade order paid on invoice (inside its transaction).

    Raises ``CheckoutError`` when the account is on hold or the order would
    take it over its credit limit; the order is then not placed.
    """
    account = _lock_for_invoice(account_id, order.total)
    return _issue(
        account=account,
        order=order,
        postage=order.shipping_price,
        lines=[
            InvoiceLine(
                title=line.title,
                isbn=line.product.isbn if line.product_id else "",
                product_id=line.product_id,
                quantity=line.quantity,
                cover_price=line.product.price if line.product_id else line.unit_price,
                unit_price=line.unit_price,
                line_total=line.line_total,
            )
            for line in order.lines.select_related("product")
        ],
    )


def invoice_lines(*, account, lines: list[InvoiceLine], consignment=None) -> Invoice:
    """Issue an invoice without an order (copies sold on sale or return)."""
    invoice = _issue(
        account=account, lines=lines, postage=ZERO, consignment=consignment
    )
    emails.invoice_issued(invoice)
    return invoice


@transaction.atomic
def record_payment(
    *,
    invoice: Invoice,
    amount: Decimal,
    method: str = Payment.Method.BANK_TRANSFER,
    reference: str = "",
    received_on: datetime.date | None = None,
    by=None,
) -> Payment:
    """Record money received against ``invoice``; never more than its balance."""
    if isinstance(amount, float):
        raise TypeError("money must not be a float")
    amount = Decimal(amount)
    if amount != to_money(amount) or amount <= 0:
        raise PaymentError("Enter an amount of at least £0.01, in pounds and pence.")
    moved = Invoice.objects.filter(
        pk=invoice.pk, amount_paid__lte=F("total") - F("amount_credited") - amount
    ).update(amount_paid=F("amount_paid") + amount)
    if not moved:
        invoice.refresh_from_db()
        raise PaymentError(
            f"{format_money(amount)} is more than the {format_money(invoice.balance)} "
            f"still owed on {invoice.label}: nothing was recorded."
        )
    payment = Payment.objects.create(
        invoice=invoice,
        amount=amount,
        method=method,
        reference=reference,
        received_on=received_on or timezone.localdate(),
        recorded_by=by if by is not None and by.is_authenticated else None,
    )
    invoice.refresh_from_db()
    return payment


def due_reminders(*, today: datetime.date | None = None, days: int) -> int:
    """Email one reminder per invoice unpaid ``days`` after its due date."""
    today = today or timezone.localdate()
    sent = 0
    due = Invoice.objects.unpaid().filter(
        due_on__lte=today - datetime.timedelta(days=days),
        reminder_sent_at__isnull=True,
    )
    for invoice in due.select_related("account"):
        with transaction.atomic():
            claimed = Invoice.objects.filter(
                pk=invoice.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=timezone.now())
            if claimed:
                emails.reminder(invoice)
                sent += 1
    return sent

"""CSV exports of invoices, payments and credit notes for the bookkeeper."""

import csv

from django.http import HttpResponse
from django.utils import timezone


def _csv(name: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        # A leading = + - @ would be read as a formula by spreadsheet programs.
        writer.writerow(
            [f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v for v in row]
        )
    return response


def invoices_csv(invoices) -> HttpResponse:
    return _csv(
        "invoices",
        [
            "number",
            "issued",
            "due",
            "account",
            "order",
            "subtotal",
            "postage",
            "total",
            "paid",
            "credited",
            "balance",
        ],
        (
            [
                i.label,
                i.issued_on,
                i.due_on,
                i.buyer_name,
                i.order.number if i.order_id else "",
                i.subtotal,
                i.postage,
                i.total,
                i.amount_paid,
                i.amount_credited,
                i.balance,
            ]
            for i in invoices.select_related("order").order_by("number")
        ),
    )


def payments_csv(payments) -> HttpResponse:
    return _csv(
        "payments",
        ["received", "invoice", "account", "amount", "method", "reference"],
        (
            [
                p.received_on,
                p.invoice.label,
                p.invoice.buyer_name,
                p.amount,
                p.get_method_display(),
                p.reference,
            ]
            for p in payments.select_related("invoice").order_by("received_on", "pk")
        ),
    )


def credit_notes_csv(notes) -> HttpResponse:
    return _csv(
        "credit-notes",
        ["number", "issued", "invoice", "account", "subtotal", "postage", "total"]
        + ["restocked", "reason"],
        (
            [
                n.label,
                n.issued_on,
                n.invoice.label,
                n.invoice.buyer_name,
                n.subtotal,
                n.postage,
                n.total,
                "yes" if n.restocked else "no",
                n.reason,
            ]
            for n in notes.select_related("invoice").order_by("number")
        ),
    )

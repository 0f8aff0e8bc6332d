"""Credit notes: copies returned, or an invoiced order cut down, taken off an
issued invoice.

- Numbers come from their own row of ``InvoiceCounter`` through
  ``invoicing.next_number``, inside the credit note's transaction, so they
  never repeat or skip, as invoice numbers.
- The invoice row is locked first, so every check below reads what other
  credit notes committed: a line is never credited for more copies than it
  invoiced, nor postage for more than was charged, and the invoice's
  ``amount_credited`` moves by a conditional UPDATE that keeps it within the
  total. Crediting a line's last copies credits exactly what is left of its
  total, so a line credited in parts adds up to its invoiced total.
- Copies back on the shelf go into stock with ``F()`` updates in product-pk
  order (as ``checkout.stock`` does); copies sold on sale or return move back
  from sold to returned on their consignment line (``consignments``).
- Prices and VAT: invoices carry no VAT (books are zero-rated), so neither
  do credit notes; every amount is ``Decimal`` pounds copied from the invoice.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from catalog.models import Product
from shop.cache import catalogue_changed
from shop.money import ZERO, format_money, to_money

from . import consignments, emails, invoicing
from .models import CreditNote, CreditNoteLine, Invoice, InvoiceLine

COUNTER = "credit_note"


class CreditNoteError(Exception):
    """A credit note that cannot be issued; the message says why."""


@dataclass(frozen=True)
class Credit:
    """Copies of one invoice line to credit."""

    line: InvoiceLine
    quantity: int


@dataclass(frozen=True)
class Creditable:
    """What is left to credit of one invoice line."""

    line: InvoiceLine
    quantity: int
    amount: Decimal


def creditable(invoice: Invoice) -> list[Creditable]:
    """Return each line of ``invoice`` with the copies and money still creditable."""
    done = {
        row["invoice_line"]: row
        for row in CreditNoteLine.objects.filter(invoice_line__invoice=invoice)
        .values("invoice_line")
        .annotate(n=Sum("quantity"), amount=Sum("line_total"))
    }
    left = []
    for line in invoice.lines.all():
        row = done.get(line.pk, {"n": 0, "amount": ZERO})
        left.append(
            Creditable(
                line=line,
                quantity=line.quantity - row["n"],
                amount=line.line_total - row["amount"],
            )
        )
    return left


def postage_creditable(invoice: Invoice) -> Decimal:
    credited = invoice.credit_notes.aggregate(p=Sum("postage"))["p"] or ZERO
    return invoice.postage - credited


def _money(value, what: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    value = Decimal(value)
    if value != to_money(value) or value < 0:
        raise CreditNoteError(f"Enter {what} in pounds and pence, £0.00 or more.")
    return value


@transaction.atomic
def issue(
    *,
    invoice: Invoice,
    credits: list[Credit],
    postage: Decimal = ZERO,
    reason: str,
    restock: bool,
    by=None,
) -> CreditNote:
    """Issue a credit note against ``invoice``, email it to the buyer, return it.

    ``restock``: the copies are back on the shelf (returned, or never sent),
    so they go into stock. Raises ``CreditNoteError`` and changes nothing
    when a quantity or amount is more than is left to credit.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CreditNoteError("Say why the credit note is issued.")
    postage = _money(postage, "the postage to credit")
    # Locked first: what other credit notes took is read after they commit.
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    wanted: dict[int, int] = {}
    for credit in credits:
        if credit.quantity < 0:
            raise CreditNoteError("Quantities cannot be negative.")
        if credit.line.invoice_id != invoice.pk:
            raise CreditNoteError("That line belongs to another invoice.")
        wanted[credit.line.pk] = wanted.get(credit.line.pk, 0) + credit.quantity
    if not any(wanted.values()) and not postage:
        raise CreditNoteError("Enter the copies or the postage to credit.")
    lines = []
    left_by_line = {left.line.pk: left for left in creditable(invoice)}
    for pk in sorted(pk for pk, n in wanted.items() if n):
        n, left = wanted[pk], left_by_line[pk]
        if n > left.quantity:
            raise CreditNoteError(
                f"“{left.line.title}”: only {left.quantity} of "
                f"{left.line.quantity} invoiced can still be credited, not {n}. "
                "Nothing was changed."
            )
        amount = (
            left.amount if n == left.quantity else to_money(left.line.unit_price * n)
        )
        lines.append(
            CreditNoteLine(
                invoice_line=left.line,
                title=left.line.title,
                isbn=left.line.isbn,
                quantity=n,
                unit_price=left.line.unit_price,
                line_total=min(amount, left.amount),
            )
        )
    postage_left = postage_creditable(invoice)
    if postage > postage_left:
        raise CreditNoteError(
            f"Only {format_money(postage_left)} of the postage can still be "
            "credited. Nothing was changed."
        )
    subtotal = to_money(sum((line.line_total for line in lines), ZERO))
    total = subtotal + postage
    if total <= 0:
        raise CreditNoteError("Nothing is left to credit on those lines.")
    if not Invoice.objects.filter(
        pk=invoice.pk, amount_credited__lte=F("total") - total
    ).update(amount_credited=F("amount_credited") + total):
        raise CreditNoteError(
            f"{format_money(total)} is more than is left to credit on "
            f"{invoice.label}. Nothing was changed."
        )
    invoice.refresh_from_db()
    note = CreditNote.objects.create(
        number=invoicing.next_number(COUNTER),
        invoice=invoice,
        issued_on=timezone.localdate(),
        reason=reason,
        subtotal=subtotal,
        postage=postage,
        total=total,
        restocked=restock and bool(lines),
        issued_by=by if by is not None and by.is_authenticated else None,
    )
    for line in lines:
        line.credit_note = note
    CreditNoteLine.objects.bulk_create(lines)
    if note.restocked:
        _restock(invoice, lines)
    emails.credit_note_issued(note)
    return note


def _product_pk(line: InvoiceLine) -> int | None:
    if line.product_id:
        return line.product_id
    if line.isbn:  # lines invoiced before invoice lines kept their product
        return (
            Product.objects.filter(isbn=line.isbn).values_list("pk", flat=True).first()
        )
    return None


def _restock(invoice: Invoice, lines: list[CreditNoteLine]) -> None:
    back: dict[int, int] = {}
    for line in lines:
        pk = _product_pk(line.invoice_line)
        if pk is None:
            raise CreditNoteError(
                f"“{line.title}” is no longer in the catalogue, so its copies "
                "cannot go back into stock: issue the credit note without "
                "restocking. Nothing was changed."
            )
        back[pk] = back.get(pk, 0) + line.quantity
    if invoice.consignment_id:
        for pk in sorted(back):
            try:
                consignments.take_back_sold(
                    consignment_id=invoice.consignment_id,
                    product_id=pk,
                    copies=back[pk],
                )
            except consignments.ConsignmentError as error:
                raise CreditNoteError(str(error)) from None
    catalogue_changed()
    for pk in sorted(back):
        Product.objects.filter(pk=pk).update(stock=F("stock") + back[pk])

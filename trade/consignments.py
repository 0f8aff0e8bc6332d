"""Sale or return: copies sent to a trade account, then returned or sold.

Stock and money stay consistent whatever the order of events:

- Sending takes every copy off the shelf with a conditional
  ``UPDATE … WHERE stock >= n`` per product, in product-pk order (as
  ``checkout.stock`` does); a short line changes nothing and the whole
  consignment is refused.
- A return or a sale moves a line's counts with a conditional update that
  keeps ``returned + sold <= sent``, so two staff recording the same box of
  returns cannot return a copy twice; returns go back on the shelf in the
  same transaction, sales are invoiced at the price fixed when sent.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from cart.pricing import price_for
from catalog.models import Product
from shop.money import to_money

from . import invoicing
from .models import Consignment, ConsignmentLine, InvoiceLine, TradeAccount
from .terms import terms_of


class ConsignmentError(Exception):
    """A consignment change that cannot be made; the message says why."""


@dataclass(frozen=True)
class Settled:
    """What one line of a settlement does: copies back, copies sold."""

    line: ConsignmentLine
    returned: int = 0
    sold: int = 0


@transaction.atomic
def send(
    *, account: TradeAccount, lines: list[tuple[Product, int]], note: str = "", by=None
) -> Consignment:
    """Send copies on sale or return, taking them out of stock."""
    if not account.is_approved:
        raise ConsignmentError("Only approved trade accounts take sale or return.")
    wanted: dict[int, tuple[Product, int]] = {}
    for product, quantity in lines:
        if quantity < 1:
            raise ConsignmentError(f"Send at least one copy of “{product.title}”.")
        before = wanted.get(product.pk, (product, 0))[1]
        wanted[product.pk] = (product, before + quantity)
    if not wanted:
        raise ConsignmentError("Name at least one title to send.")
    short = []
    for pk in sorted(wanted):
        product, quantity = wanted[pk]
        if not Product.objects.filter(pk=pk, stock__gte=quantity).update(
            stock=F("stock") - quantity
        ):
            short.append(product.title)
    if short:
        raise ConsignmentError(
            "Not enough copies on the shelf of: " + "; ".join(short) + "."
        )
    terms = terms_of(account)
    consignment = Consignment.objects.create(
        account=account, note=note, sent_by=by if by and by.is_authenticated else None
    )
    ConsignmentLine.objects.bulk_create(
        ConsignmentLine(
            consignment=consignment,
            product=product,
            title=product.title,
            unit_price=price.unit,
            cover_price=price.cover,
            quantity_sent=quantity,
        )
        for product, quantity in wanted.values()
        for price in [price_for(product, terms)]
    )
    return consignment


@transaction.atomic
def settle(*, consignment: Consignment, changes: list[Settled]):
    """Record copies returned (back into stock) and sold (invoiced); return the
    invoice for the sales, or None when nothing sold."""
    changes = [c for c in changes if c.returned or c.sold]
    if not changes:
        raise ConsignmentError("Enter how many copies came back or sold.")
    sold_lines = []
    for change in sorted(changes, key=lambda c: c.line.pk):
        line = change.line
        if line.consignment_id != consignment.pk:
            raise ConsignmentError("That line belongs to another consignment.")
        if change.returned < 0 or change.sold < 0:
            raise ConsignmentError("Quantities cannot be negative.")
        n = change.returned + change.sold
        moved = ConsignmentLine.objects.filter(
            pk=line.pk,
            quantity_sent__gte=F("quantity_returned") + F("quantity_sold") + n,
        ).update(
            quantity_returned=F("quantity_returned") + change.returned,
            quantity_sold=F("quantity_sold") + change.sold,
        )
        if not moved:
            line.refresh_from_db()
            raise ConsignmentError(
                f"“{line.title}”: only {line.outstanding} cop"
                f"{'y is' if line.outstanding == 1 else 'ies are'} still out, "
                f"so {n} cannot come back or sell. Nothing was recorded."
            )
        if change.returned:
            Product.objects.filter(pk=line.product_id).update(
                stock=F("stock") + change.returned
            )
        if change.sold:
            sold_lines.append(
                InvoiceLine(
                    title=line.title,
                    isbn=line.product.isbn,
                    product_id=line.product_id,
                    quantity=change.sold,
                    cover_price=line.cover_price,
                    unit_price=line.unit_price,
                    line_total=to_money(line.unit_price * change.sold),
                )
            )
    if not sold_lines:
        return None
    return invoicing.invoice_lines(
        account=consignment.account, lines=sold_lines, consignment=consignment
    )


def take_back_sold(*, consignment_id: int, product_id: int, copies: int) -> None:
    """Move ``copies`` reported sold back to returned (a credit note took them
    back), keeping ``sold >= 0``; the caller puts them into stock."""
    if not ConsignmentLine.objects.filter(
        consignment_id=consignment_id, product_id=product_id, quantity_sold__gte=copies
    ).update(
        quantity_sold=F("quantity_sold") - copies,
        quantity_returned=F("quantity_returned") + copies,
    ):
        raise ConsignmentError(
            f"Consignment {consignment_id} has fewer than {copies} copies of that "
            "title recorded as sold. Nothing was changed."
        )

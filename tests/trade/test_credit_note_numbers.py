"""Credit note numbers never repeat or skip, and a line is never credited for
more copies than it invoiced, with credit notes issued at once from many
threads (each its own connection), some rolled back, on SQLite and PostgreSQL."""

from tests.races import race

THREADS = 12
INVOICED = 6

SETUP = """
import time
from decimal import Decimal
from django.db import transaction
from trade import credit_notes, invoicing
from trade.models import CreditNote, Invoice, InvoiceLine
from tests.factories import make_customer, make_product, make_trade_account

account = make_trade_account(make_customer("lucy@example.org"))
book = make_product(title="Mutual Aid", stock=0)
invoice = invoicing.invoice_lines(account=account, lines=[InvoiceLine(
    title="Mutual Aid", product=book, quantity=%(invoiced)d,
    cover_price=Decimal("3.50"), unit_price=Decimal("2.28"),
    line_total=Decimal("2.28") * %(invoiced)d)])
line = invoice.lines.get()
refused = []

class Undo(Exception):
    pass

def work(n):
    try:
        with transaction.atomic():
            credit_notes.issue(invoice=invoice, reason=f"Return {n}", restock=True,
                credits=[credit_notes.Credit(line=line, quantity=1)])
            time.sleep(0.05)  # hold the locks while others queue
            if n %% 4 == 0:
                raise Undo
    except Undo:
        pass
    except credit_notes.CreditNoteError as error:
        refused.append(str(error))

def report():
    invoice.refresh_from_db()
    book.refresh_from_db()
    return {
        "numbers": sorted(CreditNote.objects.values_list("number", flat=True)),
        "refused": refused, "stock": book.stock,
        "credited": str(invoice.amount_credited), "balance": str(invoice.balance)}
"""


def test_concurrent_credit_notes_take_consecutive_numbers_within_the_invoice(
    database_url,
):
    result = race(
        database_url,
        setup=SETUP % {"invoiced": INVOICED},
        threads=THREADS,
    )
    assert result["errors"] == []
    assert result["numbers"] == list(range(1, INVOICED + 1))
    assert result["stock"] == INVOICED
    assert result["credited"] == "13.68" and result["balance"] == "0.00"
    assert result["refused"] and all("only 0 of 6" in r for r in result["refused"])

"""Invoice numbers never repeat or skip, with invoices issued at once from
many threads (each its own database connection), some rolled back, on SQLite
and on PostgreSQL."""

from tests.races import race

THREADS = 12

SETUP = """
import time
from decimal import Decimal
from django.db import transaction
from trade import invoicing
from trade.models import Invoice, InvoiceLine, TradeAccount

account = TradeAccount.objects.create(
    organisation="Freedom", contact_name="Lucy", line1="1 St", city="London",
    website="https://example.org", sells_through="shop", status="approved")

class Undo(Exception):
    pass

def work(n):
    try:
        with transaction.atomic():
            invoicing.invoice_lines(account=account, lines=[InvoiceLine(
                title=f"Zine {n}", quantity=1, cover_price=Decimal("2.00"),
                unit_price=Decimal("1.30"), line_total=Decimal("1.30"))])
            time.sleep(0.05)  # hold the counter while others queue
            if n % 4 == 0:
                raise Undo
    except Undo:
        pass

def report():
    return {"numbers": sorted(Invoice.objects.values_list("number", flat=True))}
"""


def test_concurrent_invoices_take_consecutive_numbers(database_url):
    result = race(database_url, setup=SETUP, threads=THREADS)
    assert result["errors"] == []
    kept = THREADS - len(range(0, THREADS, 4))
    assert result["numbers"] == list(range(1, kept + 1))

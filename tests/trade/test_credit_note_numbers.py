"""Credit note numbers never repeat or skip, and a line is never credited for
more copies than it invoiced, with credit notes issued at once from many
threads (each its own connection), some rolled back, on SQLite and PostgreSQL."""

import json
import os

from tests.discounts.test_concurrency import ROOT, _manage

THREADS = 12
INVOICED = 6

SCRIPT = """
import json, threading, time
from decimal import Decimal
from django.db import connection, transaction
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
barrier = threading.Barrier(%(threads)d)
refused, errors = [], []

class Undo(Exception):
    pass

def issue(n):
    try:
        barrier.wait()
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
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=issue, args=(n,)) for n in range(%(threads)d)]
for t in threads: t.start()
for t in threads: t.join()
invoice.refresh_from_db()
book.refresh_from_db()
print(json.dumps({
    "numbers": sorted(CreditNote.objects.values_list("number", flat=True)),
    "refused": refused, "errors": errors, "stock": book.stock,
    "credited": str(invoice.amount_credited), "balance": str(invoice.balance)}))
"""


def test_concurrent_credit_notes_take_consecutive_numbers_within_the_invoice(
    database_url,
):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="shop.test_settings",
        DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
    )
    _manage(env, "migrate", "--no-input")
    script = SCRIPT % {"threads": THREADS, "invoiced": INVOICED}
    out = _manage(env, "shell", "-c", script)
    result = json.loads(out.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["numbers"] == list(range(1, INVOICED + 1))
    assert result["stock"] == INVOICED
    assert result["credited"] == "13.68" and result["balance"] == "0.00"
    assert result["refused"] and all("only 0 of 6" in r for r in result["refused"])

"""Invoice numbers never repeat or skip, with invoices issued at once from
many threads (each its own database connection), some rolled back, on SQLite
and on PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THREADS = 12

SCRIPT = """
import json, threading, time
from decimal import Decimal
from django.db import connection, transaction
from accounts.models import Customer
from django.contrib.auth.models import User
from trade import invoicing
from trade.models import Invoice, InvoiceLine, TradeAccount

account = TradeAccount.objects.create(
    organisation="Freedom", contact_name="Lucy", line1="1 St", city="London",
    website="https://example.org", sells_through="shop", status="approved")
barrier = threading.Barrier(%(threads)d)
errors = []

class Undo(Exception):
    pass

def issue(n):
    try:
        barrier.wait()
        with transaction.atomic():
            invoicing.invoice_lines(account=account, lines=[InvoiceLine(
                title=f"Zine {n}", quantity=1, cover_price=Decimal("2.00"),
                unit_price=Decimal("1.30"), line_total=Decimal("1.30"))])
            time.sleep(0.05)  # hold the counter while others queue
            if n %% 4 == 0:
                raise Undo
    except Undo:
        pass
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=issue, args=(n,)) for n in range(%(threads)d)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"numbers": sorted(Invoice.objects.values_list("number", flat=True)),
                  "errors": errors}))
"""


def _manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_concurrent_invoices_take_consecutive_numbers(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="shop.test_settings",
        DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
    )
    _manage(env, "migrate", "--no-input")
    out = _manage(env, "shell", "-c", SCRIPT % {"threads": THREADS})
    result = json.loads(out.strip().splitlines()[-1])
    assert result["errors"] == []
    kept = THREADS - len(range(0, THREADS, 4))
    assert result["numbers"] == list(range(1, kept + 1))

"""Parcels packed at the same instant by different staff (threads, each its
own connection) never overdraw the prisoner fund, on SQLite and PostgreSQL."""

import json
import os

from tests.discounts.test_concurrency import ROOT, _manage

THREADS = 8

SCRIPT = """
import json, threading
from decimal import Decimal
from django.db import connection
from prisoners import selectors, services
from prisoners.models import PrisonerRequest
from tests.factories import make_postage, make_product
from tests.prisoners.conftest import donate, make_request

make_postage()
donate("25.00")
requests = [
    make_request((make_product(title=f"Book {n}", price=Decimal("10.00")), 1))
    for n in range(%(threads)d)
]
barrier = threading.Barrier(%(threads)d)
packed, refused, errors = [], [], []

def pack(n):
    try:
        barrier.wait()
        if services.pack(request=requests[n]):
            packed.append(n)
    except services.RequestRefused as error:
        refused.append(error.messages[0])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=pack, args=(n,)) for n in range(%(threads)d)]
for t in threads: t.start()
for t in threads: t.join()
fund = selectors.fund()
print(json.dumps({"packed": packed, "refused": refused, "errors": errors,
    "balance": str(fund.balance), "spent": str(fund.spent),
    "packed_rows": PrisonerRequest.objects.filter(status="packed").count(),
    "stock": sorted(r.books.get().product.stock for r in requests)}))
"""


def test_parcels_packed_at_once_never_overdraw_the_fund(database_url):
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
    # £25 pays for two £10 parcels; the other six are refused, saying why.
    assert len(result["packed"]) == result["packed_rows"] == 2
    assert len(result["refused"]) == THREADS - 2
    assert all(
        m == "These books cost £10.00 and the prisoner fund holds £5.00."
        for m in result["refused"]
    ), result["refused"]
    assert (result["spent"], result["balance"]) == ("20.00", "5.00")
    # The refused parcels' books went back on the shelf with the rollback.
    assert result["stock"] == [9, 9] + [10] * (THREADS - 2)

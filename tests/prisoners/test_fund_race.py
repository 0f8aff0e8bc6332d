"""Parcels packed at the same instant by different staff (threads, each its
own connection) never overdraw the prisoner fund, on SQLite and PostgreSQL."""

from tests.races import race

THREADS = 8

SETUP = """
from decimal import Decimal
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
packed, refused = [], []

def work(n):
    try:
        if services.pack(request=requests[n]):
            packed.append(n)
    except services.RequestRefused as error:
        refused.append(error.messages[0])

def report():
    fund = selectors.fund()
    return {"packed": packed, "refused": refused,
        "balance": str(fund.balance), "spent": str(fund.spent),
        "packed_rows": PrisonerRequest.objects.filter(status="packed").count(),
        "stock": sorted(r.books.get().product.stock for r in requests)}
"""


def test_parcels_packed_at_once_never_overdraw_the_fund(database_url):
    result = race(database_url, setup=SETUP % {"threads": THREADS}, threads=THREADS)
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

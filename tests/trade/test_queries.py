"""Trade pages read in a constant number of queries as the account's history
and the catalogue grow."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_customer, make_product, make_trade_account
from trade import consignments, credit_notes, invoicing
from trade.models import InvoiceLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(client):
    user = make_customer()
    account = make_trade_account(user)
    client.force_login(user)
    return account


def _grow(account, n):
    for _ in range(n):
        invoice = invoicing.invoice_lines(
            account=account,
            lines=[
                InvoiceLine(
                    title="Zine",
                    quantity=2,
                    cover_price=Decimal("2.00"),
                    unit_price=Decimal("1.30"),
                    line_total=Decimal("2.60"),
                )
            ],
        )
        invoicing.record_payment(invoice=invoice, amount=Decimal("1.00"))
        credit_notes.issue(
            invoice=invoice,
            credits=[credit_notes.Credit(line=invoice.lines.get(), quantity=1)],
            reason="Returned",
            restock=False,
        )
        consignments.send(account=account, lines=[(make_product(stock=5), 2)])


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/trade/statement/", "/trade/consignments/", "/"])
def test_trade_pages_take_the_same_queries_for_2_or_12_of_everything(
    client, account, path
):
    _grow(account, 2)
    client.get(path)  # main's page caches warm, so both counts are like for like
    few = _count(client, path)
    _grow(account, 10)
    assert _count(client, path) == few


def _credit_note_with(account, lines):
    invoice = invoicing.invoice_lines(
        account=account,
        lines=[
            InvoiceLine(
                title=f"Zine {n}",
                product=make_product(),
                quantity=2,
                cover_price=Decimal("2.00"),
                unit_price=Decimal("1.30"),
                line_total=Decimal("2.60"),
            )
            for n in range(lines)
        ],
    )
    note = credit_notes.issue(
        invoice=invoice,
        credits=[
            credit_notes.Credit(line=line, quantity=1) for line in invoice.lines.all()
        ],
        reason="Returned",
        restock=True,
    )
    return invoice, note


def test_credit_note_and_invoice_pages_take_the_same_queries_for_1_or_12_lines(
    client, account
):
    small_invoice, small = _credit_note_with(account, 1)
    big_invoice, big = _credit_note_with(account, 12)
    for first, second in [
        (small.get_absolute_url(), big.get_absolute_url()),
        (small_invoice.get_absolute_url(), big_invoice.get_absolute_url()),
    ]:
        client.get(first)
        assert _count(client, first) == _count(client, second)

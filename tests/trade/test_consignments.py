"""Sale or return: copies out of stock when sent, back when returned, sold
copies invoiced at the trade price; never more back or sold than sent."""

from decimal import Decimal

import pytest

from tests.factories import make_customer, make_product, make_trade_account
from trade import consignments
from trade.consignments import Settled
from trade.models import Consignment, ConsignmentLine, Invoice

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def account(client):
    user = make_customer("lucy@example.org")
    account = make_trade_account(user)
    client.force_login(user)
    return account


def test_staff_send_a_consignment_in_admin_taking_stock(admin_client, account):
    aid = make_product(title="Mutual Aid", price=D("10.00"), stock=30)
    zine = make_product(title="Zine Library", price=D("2.00"), stock=10)
    response = admin_client.post(
        "/admin/trade/consignment/add/",
        {
            "account": account.pk,
            "sent_on": "2026-11-20",
            "note": "For the bookfair",
            "titles": "Mutual Aid, 10\nZine Library x 4",
        },
        follow=True,
    )
    assert "Sent consignment" in response.content.decode()
    consignment = Consignment.objects.get()
    lines = {line.title: line for line in consignment.lines.all()}
    assert lines["Mutual Aid"].quantity_sent == 10
    assert lines["Mutual Aid"].unit_price == D("6.50")
    assert lines["Zine Library"].unit_price == D("1.30")
    aid.refresh_from_db()
    zine.refresh_from_db()
    assert (aid.stock, zine.stock) == (20, 6)


@pytest.mark.parametrize(
    "titles, message",
    [
        ("Mutual Aid, 0", "send at least one copy"),
        ("Mutual Aid, -2", "send at least one copy"),
        ("No such book, 2", "We found no title matching"),
        ("Mutual Aid, 31", "Not enough copies on the shelf of: Mutual Aid"),
        ("", "This field is required"),
    ],
)
def test_a_bad_consignment_is_refused_and_stock_unchanged(
    admin_client, account, titles, message
):
    aid = make_product(title="Mutual Aid", stock=30)
    response = admin_client.post(
        "/admin/trade/consignment/add/",
        {"account": account.pk, "sent_on": "2026-11-20", "titles": titles},
        follow=True,
    )
    assert message in response.content.decode()
    assert not Consignment.objects.exists()
    aid.refresh_from_db()
    assert aid.stock == 30


def test_a_consignment_goes_only_to_approved_accounts():
    pending = make_trade_account(status="pending")
    with pytest.raises(consignments.ConsignmentError):
        consignments.send(account=pending, lines=[(make_product(stock=5), 1)])


def _settle_post(admin_client, consignment, **counts):
    data = {}
    for line in consignment.lines.all():
        back, sold = counts.get(line.title, (0, 0))
        data |= {f"returned_{line.pk}": back, f"sold_{line.pk}": sold}
    return admin_client.post(
        f"/admin/trade/consignment/{consignment.pk}/settle/", data, follow=True
    )


def test_part_returned_then_the_rest_invoiced(admin_client, account, client):
    aid = make_product(title="Mutual Aid", price=D("10.00"), stock=30)
    sent = consignments.send(account=account, lines=[(aid, 10)])
    mine = client.get("/trade/consignments/").content.decode()
    assert "Mutual Aid" in mine and "(open)" in mine
    response = _settle_post(admin_client, sent, **{"Mutual Aid": (4, 0)})
    assert "Recorded." in response.content.decode()
    aid.refresh_from_db()
    assert aid.stock == 24
    assert not Invoice.objects.exists()
    response = _settle_post(admin_client, sent, **{"Mutual Aid": (0, 6)})
    assert "Copies sold are on invoice INV-00001 (£39.00)" in (
        response.content.decode()
    )
    [invoice] = Invoice.objects.all()
    assert invoice.consignment == sent and invoice.account == account
    [line] = invoice.lines.all()
    assert (line.quantity, line.unit_price, line.line_total) == (
        6,
        D("6.50"),
        D("39.00"),
    )
    assert invoice.postage == D("0.00") and invoice.total == D("39.00")
    line = ConsignmentLine.objects.get()
    assert (line.quantity_returned, line.quantity_sold, line.outstanding) == (4, 6, 0)
    aid.refresh_from_db()
    assert aid.stock == 24
    assert "(settled)" in client.get("/trade/consignments/").content.decode()
    assert "INV-00001" in client.get("/trade/statement/").content.decode()


def test_cannot_return_or_sell_more_than_is_out(admin_client, account):
    aid = make_product(title="Mutual Aid", stock=30)
    sent = consignments.send(account=account, lines=[(aid, 5)])
    response = _settle_post(admin_client, sent, **{"Mutual Aid": (3, 3)})
    assert response.status_code == 400
    assert "Only 5 still out of 5 sent." in response.content.decode()
    line = sent.lines.get()
    with pytest.raises(consignments.ConsignmentError, match="only 5 copies"):
        consignments.settle(consignment=sent, changes=[Settled(line, returned=6)])
    with pytest.raises(consignments.ConsignmentError, match="negative"):
        consignments.settle(consignment=sent, changes=[Settled(line, returned=-1)])
    consignments.settle(consignment=sent, changes=[Settled(line, returned=5)])
    # A second, stale form for the same copies changes nothing.
    with pytest.raises(consignments.ConsignmentError, match="only 0 copies"):
        consignments.settle(consignment=sent, changes=[Settled(line, sold=1)])
    aid.refresh_from_db()
    assert aid.stock == 30
    assert not Invoice.objects.exists()
    line.refresh_from_db()
    assert (line.quantity_returned, line.quantity_sold) == (5, 0)


def test_a_buyer_sees_only_their_own_consignments(client, account):
    other = make_trade_account(make_customer(), organisation="Other Shop")
    consignments.send(
        account=other, lines=[(make_product(title="Secret Title", stock=5), 2)]
    )
    page = client.get("/trade/consignments/").content.decode()
    assert "Secret Title" not in page
    assert "No copies on sale or return" in page


def test_retail_customers_get_403_on_consignments(client):
    client.force_login(make_customer())
    assert client.get("/trade/consignments/").status_code == 403

"""Download my data; delete my account (orders kept, anonymised)."""

import json

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Address, Customer, StockAlert
from cart.models import Cart
from checkout.models import Order
from tests.accounts.helpers import messages_of, text
from tests.factories import (
    PASSWORD,
    make_address,
    make_cart,
    make_customer,
    make_order,
    make_product,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def rosa(client, postage):
    user = make_customer("rosa@example.org")
    _, posted, _ = postage
    order = make_order(
        (make_product(title="Mutual Aid"), 2),
        method=posted,
        email=user.email,
        note="Ring twice",
    )
    Order.objects.filter(pk=order.pk).update(user=user)
    make_address(user, line1="1 Spartacus Road", is_default=True)
    StockAlert.objects.create(
        product=make_product(stock=0, title="Awaited"),
        email=user.email,
        customer=user.customer,
        status=StockAlert.Status.WAITING,
    )
    client.force_login(user)
    return user


def test_my_data_downloads_as_json_with_only_my_things(client, rosa, postage):
    _, posted, _ = postage
    other = make_customer()
    theirs = make_order((make_product(), 1), method=posted, email=other.email)
    Order.objects.filter(pk=theirs.pk).update(user=other)

    response = client.get("/account/data/download/")

    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "rosa@example.org"
    assert [a["line1"] for a in data["addresses"]] == ["1 Spartacus Road"]
    assert [a["product"] for a in data["stock_alerts"]] == ["Awaited"]
    (order,) = data["orders"]
    assert order["lines"] == [
        {
            "title": "Mutual Aid",
            "quantity": 2,
            "unit_price": "4.00",
            "line_total": "8.00",
        }
    ]
    assert order["total"] == "10.50" and order["note"] == "Ring twice"
    assert theirs.number not in response.content.decode()


def test_the_data_page_says_what_is_kept_and_why(client, rosa):
    page = text(client.get("/account/data/"))
    assert "What we keep, and why" in page
    assert "six years" in page


@pytest.mark.parametrize("password", ["", "wrong"])
def test_deleting_needs_the_password_and_changes_nothing_without_it(
    client, rosa, password
):
    response = client.post("/account/delete/", {"password": password})
    assert response.status_code == 400
    assert User.objects.filter(pk=rosa.pk).exists()
    assert Order.objects.get().email == "rosa@example.org"


def test_deleting_keeps_the_orders_without_who_placed_them(client, rosa):
    saved_cart = make_cart(lines=[(make_product(), 1)], user=rosa)
    StockAlert.objects.create(product=make_product(stock=0), email=rosa.email)
    order_before = Order.objects.get()

    response = client.post("/account/delete/", {"password": PASSWORD}, follow=True)

    assert any("Your account is deleted" in m for m in messages_of(response))
    assert "We keep 1 order for our accounts" in text(response)
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(pk=rosa.pk).exists()
    for model in (Customer, Address, StockAlert):
        assert not model.objects.exists(), model
    assert not Cart.objects.filter(pk=saved_cart.pk).exists()
    order = Order.objects.get()
    assert order.user is None
    assert (order.name, order.email, order.line1, order.postcode, order.note) == (
        "Deleted customer",
        "deleted@invalid",
        "",
        "",
        "",
    )
    assert (order.number, order.total, order.country) == (
        order_before.number,
        order_before.total,
        order_before.country,
    )
    assert order.lines.get().title == "Mutual Aid"


def test_delete_by_get_changes_nothing(client, rosa):
    assert client.get("/account/delete/").status_code == 302
    assert User.objects.filter(pk=rosa.pk).exists()

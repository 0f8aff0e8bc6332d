"""My account: orders with history and Buy again, saved addresses, checkout
pre-filled; one customer never reaches another's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Address
from accounts.views import account
from cart.models import CartLine
from checkout import services
from checkout.models import Order
from tests.accounts.helpers import messages_of, text
from tests.checkout.helpers import checkout, give_cart
from tests.factories import (
    make_address,
    make_customer,
    make_order,
    make_product,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosa(client):
    user = make_customer("rosa@example.org")
    client.force_login(user)
    return user


def order_for(user, posted, *items):
    order = make_order(*items, method=posted, email=user.email)
    Order.objects.filter(pk=order.pk).update(user=user)
    return order


def test_account_pages_need_signing_in(client):
    for path in [
        "/account/",
        "/account/addresses/",
        "/account/alerts/",
        "/account/data/",
        "/account/email/",
        "/account/password/",
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/account/sign-in/?next="), path


def test_my_account_lists_my_orders_with_status_and_tracking(client, rosa, postage):
    _, posted, _ = postage
    order = order_for(rosa, posted, (make_product(title="Mutual Aid"), 2))
    services.mark_paid(order=order)
    services.mark_shipped(order=order, tracking_reference="RM123456789GB")
    order_for(make_customer(), posted, (make_product(title="Not mine"), 1))

    page = text(client.get("/account/"))

    assert f"Order {order.number}" in page
    assert "2 × Mutual Aid" in page
    assert "Shipped" in page and "RM123456789GB" in page
    assert "Not mine" not in page
    detail = text(client.get(f"/account/orders/{order.number}/"))
    assert "awaiting payment" in detail and "paid" in detail
    assert "Tracking reference: RM123456789GB" in detail


def test_another_customers_order_is_404_and_buy_again_does_nothing(
    client, rosa, postage
):
    _, posted, _ = postage
    theirs = order_for(make_customer(), posted, (make_product(), 1))
    guest = make_order((make_product(), 1), method=posted, email="rosa@example.org")
    for number in [theirs.number, guest.number, "RB-NOSUCH", "../admin"]:
        assert client.get(f"/account/orders/{number}/").status_code == 404
        assert client.post(f"/account/orders/{number}/buy-again/").status_code == 404
    assert not CartLine.objects.exists()


def test_buy_again_adds_what_is_still_for_sale_within_stock(client, rosa, postage):
    _, posted, _ = postage
    still = make_product(title="Still here", stock=10)
    scarce = make_product(title="Scarce", stock=5)
    gone = make_product(title="Gone")
    order = order_for(rosa, posted, (still, 2), (scarce, 3), (gone, 1))
    gone.is_published = False
    gone.save()
    scarce.stock = 1
    scarce.save()

    response = client.post(f"/account/orders/{order.number}/buy-again/", follow=True)

    said = messages_of(response)
    assert f"We added 3 items from order {order.number} to your cart." in said
    assert "“Gone” is no longer for sale." in said
    assert any("Only 1 left of “Scarce”" in m for m in said)
    assert sorted(CartLine.objects.values_list("title", "quantity")) == [
        ("Scarce", 1),
        ("Still here", 2),
    ]


def test_my_account_runs_the_same_queries_for_one_order_or_many(client, rosa, postage):
    _, posted, _ = postage
    order_for(rosa, posted, (make_product(), 1))
    client.get("/account/")  # warm: the footer's links, cached per catalogue version
    with CaptureQueriesContext(connection) as one:
        assert client.get("/account/").status_code == 200
    for _ in range(5):
        order_for(rosa, posted, (make_product(), 2), (make_product(), 1))
    with CaptureQueriesContext(connection) as six:
        page = client.get("/account/")
    assert text(page).count("Buy again order") == 6
    assert len(six) == len(one)


def test_orders_come_a_page_at_a_time(client, rosa, postage, monkeypatch):
    monkeypatch.setattr(account, "ORDERS_PER_PAGE", 2)
    _, posted, _ = postage
    numbers = [order_for(rosa, posted, (make_product(), 1)).number for _ in range(3)]
    first = text(client.get("/account/"))
    second = text(client.get("/account/?page=2"))
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert (
        sum(n in first for n in numbers) == 2 and sum(n in second for n in numbers) == 1
    )
    for bad in ["3", "0", "x", "9" * 30]:
        assert client.get(f"/account/?page={bad}").status_code == 404


def test_account_subpages_run_constant_queries(client, rosa):
    counts = {}
    client.get("/account/addresses/")  # warm: the footer's cached links
    for n in (1, 4):
        for _ in range(n):
            make_address(rosa)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/account/addresses/").status_code == 200
        counts[n] = len(queries)
    assert counts[1] == counts[4]


def test_the_first_address_is_the_default_and_the_default_moves(client, rosa):
    address = {
        "name": "Rosa L",
        "line1": "1 Spartacus Road",
        "city": "Berlin",
        "postcode": "10115",
        "country": "DE",
    }
    client.post("/account/addresses/new/", address)
    client.post(
        "/account/addresses/new/",
        address | {"line1": "2 Other Street", "is_default": "on"},
    )
    first, second = Address.objects.order_by("pk")
    assert (first.is_default, second.is_default) == (False, True)

    client.post(f"/account/addresses/{first.pk}/default/")
    page = text(client.get("/account/addresses/"))
    listed = page.split("Your addresses")[-1]
    assert listed.index("1 Spartacus Road") < listed.index("Default address")
    assert listed.index("Default address") < listed.index("2 Other Street")
    client.post(f"/account/addresses/{first.pk}/delete/")
    assert Address.objects.get().is_default


def test_bad_addresses_are_refused_and_nothing_is_saved(client, rosa):
    for data in [
        {"name": "", "line1": "x", "city": "x", "country": "GB"},
        {"name": "x" * 201, "line1": "x", "city": "x", "country": "GB"},
        {"name": "x", "line1": "x", "city": "x", "country": "XX"},
    ]:
        assert client.post("/account/addresses/new/", data).status_code == 400
    assert not Address.objects.exists()


def test_another_customers_address_is_out_of_reach(client, rosa):
    theirs = make_address(make_customer(), line1="Their street")
    for path, method in [
        (f"/account/addresses/{theirs.pk}/", client.get),
        (f"/account/addresses/{theirs.pk}/", client.post),
        (f"/account/addresses/{theirs.pk}/default/", client.post),
        (f"/account/addresses/{theirs.pk}/delete/", client.post),
    ]:
        assert method(path, {"name": "Taken", "line1": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.line1 == "Their street"
    assert "Their street" not in text(client.get("/account/addresses/"))


def test_checkout_prefills_my_email_and_default_address(client, rosa, postage):
    make_address(rosa, line1="Old Street")
    make_address(rosa, line1="Home Street", is_default=True)
    theirs = make_address(make_customer(), line1="Their street")
    give_cart(client, (make_product(), 1))

    form = client.get("/checkout/details/").context["form"]
    assert form.initial["email"] == "rosa@example.org"
    assert form.initial["line1"] == "Home Street"

    old = Address.objects.get(line1="Old Street")
    picked = client.get("/checkout/details/", {"address": old.pk})
    assert picked.context["form"].initial["line1"] == "Old Street"
    stolen = client.get("/checkout/details/", {"address": theirs.pk})
    assert "Their street" not in stolen.content.decode()


def test_an_order_placed_while_signed_in_is_mine(client, rosa, postage):
    _, posted, _ = postage
    product = make_product(title="Mutual Aid")
    client.post("/cart/add/", {"product": product.pk, "quantity": 1})
    response = checkout(client, posted)
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.user == rosa
    assert f"Order {order.number}" in text(client.get("/account/"))

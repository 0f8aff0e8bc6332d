"""Solidarity prices: the shopper chooses among the prices staff set; the
choice is priced on the server, kept on the line and the order, and fills
(or draws on) the fund staff see in admin."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from cart.models import CartLine
from checkout.models import Order
from tests.checkout.helpers import checkout
from tests.factories import make_postage, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(db):
    """Royal Mail (UK), £2.50."""
    return make_postage()[1]


@pytest.fixture
def calendar(db):
    return make_product(
        title="Certain Days",
        price="12.00",
        solidarity_price="18.00",
        reduced_price="6.00",
        stock=10,
    )


def add(client, product, choice=None, **extra):
    data = {"product": product.pk, "quantity": 1, "next": "/cart/"} | extra
    if choice is not None:
        data["price_choice"] = choice
    return client.post("/cart/add/", data, follow=True)


def test_the_product_page_offers_the_prices_as_radio_buttons(client, calendar):
    page = client.get(calendar.get_absolute_url()).content.decode()
    assert "Choose your price" in page
    assert 'type="radio" name="price_choice" id="price-solidarity"' in page
    assert "Solidarity price: £18.00" in page
    assert "Price: £12.00" in page
    assert "Can&#x27;t afford it price: £6.00" in page


def test_a_plain_product_offers_no_choice(client):
    page = client.get(make_product(price="5.00").get_absolute_url()).content.decode()
    assert "Choose your price" not in page


def test_the_solidarity_choice_is_priced_kept_and_ordered(client, post, calendar):
    page = add(client, calendar, "solidarity").content.decode()
    assert "solidarity price; list £12.00" in page
    assert "£20.50" in page  # £18.00 + £2.50 postage
    checkout(client, post)
    line = Order.objects.get().lines.get()
    assert (line.price_choice, line.unit_price, line.cover_price) == (
        "solidarity",
        Decimal("18.00"),
        Decimal("12.00"),
    )


def test_choosing_again_changes_the_lines_price(client, calendar):
    add(client, calendar, "solidarity")
    page = add(client, calendar, "reduced").content.decode()
    line = CartLine.objects.get()
    assert (line.quantity, line.price_choice) == (2, "reduced")
    assert "£12.00" in page  # 2 × £6.00


@pytest.mark.parametrize(
    "choice, message",
    [
        ("free", "Choose one of the prices shown."),
        ("<script>", "Choose one of the prices shown."),
    ],
)
def test_a_forged_choice_is_refused_and_nothing_added(
    client, calendar, choice, message
):
    response = add(client, calendar, choice)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CartLine.objects.exists()


def test_a_price_sent_by_the_browser_is_ignored(client, calendar):
    add(client, calendar, "list", price="0.01", unit_price="0.01")
    page = client.get("/cart/").content.decode()
    assert "£12.00" in page and "£0.01" not in page


def test_a_paused_or_unset_lower_price_is_refused(client, calendar):
    calendar.reduced_paused = True
    calendar.save()
    page = add(client, calendar, "reduced").content.decode()
    assert "Sorry, that price is not offered for “Certain Days”." in page
    assert not CartLine.objects.exists()
    plain = make_product(title="Plain", price="5.00")
    assert "not offered" in add(client, plain, "solidarity").content.decode()
    assert not CartLine.objects.exists()


def test_staff_see_the_fund_balance_of_paid_orders(client, post, calendar):
    from checkout import services

    for choice in ("solidarity", "solidarity", "reduced", "solidarity"):
        shopper = client.__class__()
        add(shopper, calendar, choice)
        checkout(shopper, post)
    *paid, unpaid = Order.objects.order_by("pk")
    for order in paid:
        services.mark_paid(order=order)
    staff = User.objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(staff)
    page = client.get("/admin/checkout/order/").content.decode()
    # Paid: two solidarity (+£6.00 each) and one reduced (−£6.00); the unpaid
    # solidarity order counts for nothing yet.
    assert "Paid above list price: £12.00 · paid below: £6.00" in page
    assert '<span data-fund="balance">£6.00</span>' in page


def test_the_price_can_be_changed_in_the_cart(client, calendar):
    add(client, calendar, "list")
    line = CartLine.objects.get()
    page = client.get("/cart/").content.decode()
    assert f"Your price for {calendar.title}" in page
    changed = client.post(
        "/cart/price/", {"line": line.pk, "price_choice": "solidarity"}, follow=True
    ).content.decode()
    assert "Your price for “Certain Days” is changed." in changed
    assert "solidarity price; list £12.00" in changed
    forged = client.post(
        "/cart/price/", {"line": line.pk, "price_choice": "0.01"}, follow=True
    )
    assert "Sorry, that price is not offered" in forged.content.decode()
    line.refresh_from_db()
    assert line.price_choice == "solidarity"
    assert client.post("/cart/price/", {"line": "x"}).status_code == 404

"""Trade prices: one money function, to the penny, on every page and the order.

Retail shoppers never see or pay them; a signed-in trade buyer sees them
everywhere, marked, with the cover price beside them.
"""

from decimal import Decimal

import pytest

from cart.pricing import BuyerTerms, price_for, unit_price
from cart.totals import cart_totals
from checkout.models import Order
from tests.factories import (
    ADDRESS,
    make_cart,
    make_customer,
    make_product,
    make_trade_account,
)

pytestmark = pytest.mark.django_db

D = Decimal


def terms(percent="35", **overrides):
    return BuyerTerms(
        account_id=1, name="Freedom", discount_percent=D(percent), **overrides
    )


@pytest.mark.parametrize(
    "cover, percent, expected",
    [
        ("10.00", "35", "6.50"),
        ("3.50", "35", "2.28"),  # 2.275 rounds half up
        ("0.50", "35", "0.33"),  # 0.325 rounds half up
        ("0.01", "35", "0.01"),  # 0.0065 rounds half up to a penny
        ("4.99", "40", "2.99"),  # 2.994 rounds down
        ("7.00", "0", "7.00"),
        ("7.00", "100", "0.00"),
        ("12.34", "12.5", "10.80"),  # 10.7975
    ],
)
def test_the_discount_rounds_each_unit_half_up_to_the_penny(cover, percent, expected):
    product = make_product(price=D(cover))
    assert unit_price(product, terms(percent)) == D(expected)
    assert unit_price(product, None) == D(cover)


def test_an_excluded_product_and_an_own_trade_price():
    calendar = make_product(price=D("8.00"), trade_discount_excluded=True)
    pamphlet = make_product(price=D("3.00"), trade_price=D("1.75"))
    silly = make_product(price=D("3.00"), trade_price=D("9.99"))
    assert price_for(calendar, terms()).unit == D("8.00")
    assert price_for(calendar, terms()).is_trade
    assert price_for(pamphlet, terms()).unit == D("1.75")
    assert price_for(pamphlet, terms()).cover == D("3.00")
    # A trade price above cover is never charged.
    assert unit_price(silly, terms()) == D("3.00")
    # Retail: cover prices, never the trade price.
    assert unit_price(pamphlet, None) == D("3.00")
    assert not price_for(pamphlet, None).is_trade


def test_cart_totals_add_lines_of_unit_times_quantity_then_postage(postage):
    a = make_product(price=D("3.50"), weight_grams=100)  # 2.28 trade
    b = make_product(price=D("8.00"), trade_discount_excluded=True, weight_grams=100)
    c = make_product(price=D("3.00"), trade_price=D("1.75"), weight_grams=100)
    cart = make_cart(lines=[(a, 3), (b, 1), (c, 10)], country="GB")
    trade = cart_totals(cart, buyer=terms())
    assert [t.line_total for t in trade.lines] == [D("6.84"), D("8.00"), D("17.50")]
    assert trade.subtotal == D("32.34")
    assert trade.shipping == D("2.50")
    assert trade.total == D("34.84")
    retail = cart_totals(cart)
    assert retail.subtotal == D("10.50") + D("8.00") + D("30.00")
    assert retail.total == D("51.00")


def test_the_trade_minimum_is_on_goods_before_postage(postage):
    product = make_product(price=D("10.00"))
    cart = make_cart(lines=[(product, 7)], country="GB")  # 7 × 6.50 = 45.50
    minimum = terms(minimum_order=D("45.51"))
    assert cart_totals(cart, buyer=minimum).minimum_remaining == D("0.01")
    exact = terms(minimum_order=D("45.50"))
    assert cart_totals(cart, buyer=exact).minimum_remaining is None
    assert cart_totals(cart).minimum_remaining is None


@pytest.fixture
def buyer(client, settings):
    settings.TRADE_MINIMUM_ORDER = "0"
    user = make_customer("lucy@example.org")
    make_trade_account(user)
    client.force_login(user)
    return user


def _add(client, product, quantity=1):
    return client.post("/cart/add/", {"product": product.pk, "quantity": quantity})


def test_a_trade_buyer_sees_trade_prices_on_every_page(client, buyer, postage):
    book = make_product(title="Mutual Aid", price=D("10.00"))
    page = client.get(book.get_absolute_url()).content.decode()
    assert "Trade</span> £6.50" in page
    assert "cover price £10.00" in page
    listing = client.get("/").content.decode()
    assert "Trade</span> £6.50" in listing
    _add(client, book, 2)
    cart = client.get("/cart/").content.decode()
    assert "Trade prices for Freedom Infoshop" in cart
    assert "£6.50" in cart and "cover £10.00" in cart
    assert 'data-total="subtotal">£13.00' in cart
    # The mini cart on any page agrees.
    assert "£13.00" in client.get(book.get_absolute_url()).content.decode()


def test_retail_shoppers_never_see_trade_prices(client, postage):
    book = make_product(title="Mutual Aid", price=D("10.00"), trade_price=D("5.00"))
    for who in [None, make_customer()]:
        if who:
            client.force_login(who)
        for path in [book.get_absolute_url(), "/"]:
            page = client.get(path).content.decode()
            assert "£10.00" in page
            assert "£5.00" not in page and "Trade</span>" not in page
    _add(client, book)
    assert "£5.00" not in client.get("/cart/").content.decode()


def test_pending_declined_and_staff_get_cover_prices(client, postage, admin_user):
    book = make_product(price=D("10.00"))
    for status in ["pending", "declined"]:
        user = make_customer()
        make_trade_account(user, status=status)
        client.force_login(user)
        assert "£6.50" not in client.get(book.get_absolute_url()).content.decode()
    client.force_login(admin_user)
    assert "£6.50" not in client.get(book.get_absolute_url()).content.decode()


def _checkout(client, payment="bank_transfer"):
    from cart.models import ShippingMethod

    method = ShippingMethod.objects.get(is_collection=False)
    client.get("/checkout/details/")
    response = client.post(
        "/checkout/details/",
        ADDRESS
        | {
            "email": "lucy@example.org",
            "country": "GB",
            "shipping_method": method.pk,
            "payment_method": payment,
            "accept_terms": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    review = client.get("/checkout/review/")
    form = review.context["form"]
    return client.post(
        "/checkout/place/",
        {
            "fingerprint": form.initial["fingerprint"],
            "checkout_token": form.initial["checkout_token"],
        },
    )


def test_the_order_charges_what_the_pages_showed(client, buyer, postage):
    book = make_product(price=D("3.50"), weight_grams=100)
    calendar = make_product(price=D("8.00"), trade_discount_excluded=True)
    _add(client, book, 3)
    _add(client, calendar, 1)
    review = client.get("/checkout/review/")  # before details: redirected
    _checkout(client)
    order = Order.objects.get()
    assert [(line.unit_price, line.line_total) for line in order.lines.all()] == [
        (D("2.28"), D("6.84")),
        (D("8.00"), D("8.00")),
    ]
    assert order.subtotal == D("14.84")
    assert order.shipping_price == D("2.50")
    assert order.total == D("17.34")
    assert review.status_code == 302


def test_a_retail_order_pays_cover_prices(client, postage):
    client.force_login(make_customer("lucy@example.org"))
    _add(client, make_product(price=D("3.50"), trade_price=D("1.00")), 2)
    _checkout(client)
    assert Order.objects.get().subtotal == D("7.00")


def test_checkout_refuses_a_trade_order_under_the_minimum(
    client, buyer, postage, settings
):
    settings.TRADE_MINIMUM_ORDER = "50.00"
    _add(client, make_product(price=D("10.00")), 2)  # £13.00 of trade goods
    cart = client.get("/cart/").content.decode()
    assert "Trade orders start at £50.00" in cart
    assert "add <strong>£37.00</strong> more" in cart
    response = _checkout(client)
    assert response.status_code == 302
    assert not Order.objects.exists()
    follow = client.get(response["Location"]).content.decode()
    assert "Trade orders start at £50.00 before postage: add £37.00" in follow

"""A shopper's pages reuse cached parts ({% fragment %}) but stay their own.

The parts are kept per catalogue version and per buyer's prices: a trade
buyer never gets a retail price from the cache or a retail shopper a trade
one, no shopper sees another's cart or CSRF token, and a staff edit shows
on the shopper's next request.
"""

from decimal import Decimal

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from tests.catalog.test_admin import change_url, product_form_data
from tests.factories import (
    make_category,
    make_customer,
    make_postage,
    make_product,
    make_publisher,
    make_trade_account,
)

# Real commits, as on a server: the catalogue version goes up when a change
# commits, which is what makes a cached part stale.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shelf(db):
    """Two pamphlets of one publisher in one category, at £10.00 cover."""
    make_postage()
    press = make_publisher(name="Freedom Press")
    pamphlets = make_category(name="Pamphlets")
    first = make_product(
        title="Anarchy in Action",
        price=Decimal("10.00"),
        stock=10,
        publisher=press,
        categories=[pamphlets],
    )
    second = make_product(
        title="The Conquest of Bread",
        price=Decimal("10.00"),
        stock=10,
        publisher=press,
        categories=[pamphlets],
    )
    return {"first": first, "second": second, "category": pamphlets}


def shopper_with_cart(product, quantity=1):
    client = Client()
    response = client.post("/cart/add/", {"product": product.pk, "quantity": quantity})
    assert response.status_code == 302
    return client


def trade_buyer(discount, product):
    user = make_customer()
    make_trade_account(user, discount_percent=Decimal(discount))
    client = Client()
    client.force_login(user)
    client.post("/cart/add/", {"product": product.pk, "quantity": 1})
    return client


def pages(shelf):
    """A product page (with its publisher's other titles), a list and a search."""
    return [
        shelf["first"].get_absolute_url(),
        shelf["category"].get_absolute_url(),
        "/search/?q=freedom",
    ]


def card_prices(html):
    """Return the prices product cards show, as the shopper reads them."""
    cards = html.split('class="product-card"')[1:]
    return [card.split('class="product-card__buy">', 1)[1][:200] for card in cards]


@pytest.mark.parametrize("retail_first", [True, False])
def test_trade_and_retail_buyers_never_see_each_others_prices(shelf, retail_first):
    retail = shopper_with_cart(shelf["second"])
    trade = trade_buyer("35", shelf["second"])
    order = [retail, trade] if retail_first else [trade, retail]
    seen = {}
    for client in order:  # the first fills the cache, the second may read it
        seen[client] = [client.get(url).content.decode() for url in pages(shelf)]

    for html in seen[trade]:
        prices = card_prices(html)
        assert prices, "the page shows product cards"
        for card in prices:
            assert "Trade</span> £6.50" in card
            assert "cover price £10.00" in card
    for html in seen[retail]:
        prices = card_prices(html)
        assert prices
        for card in prices:
            assert "£10.00" in card
            assert "£6.50" not in card and "Trade" not in card


def test_trade_buyers_on_different_terms_each_see_their_own(shelf):
    first = trade_buyer("35", shelf["second"])
    second = trade_buyer("20", shelf["second"])
    url = shelf["category"].get_absolute_url()
    assert "£6.50" in first.get(url).content.decode()
    page = second.get(url).content.decode()
    assert "£8.00" in page and "£6.50" not in page


def test_a_shopper_never_sees_another_shoppers_cart_or_token(shelf):
    mine = shopper_with_cart(shelf["first"], quantity=3)
    theirs = shopper_with_cart(shelf["second"], quantity=2)
    for url in pages(shelf):
        mine.get(url)  # fills the cache with this page's parts
        html = theirs.get(url).content.decode()
        assert "2 × The Conquest of Bread" in html  # their own mini cart
        assert "3 × Anarchy in Action" not in html
        secret = theirs.cookies["csrftoken"].value
        tokens = _tokens(html)
        assert len(tokens) > 2  # the cards' forms, cached, and the mini cart's
        assert all(_unmask_cipher_token(t) == secret for t in tokens)
    assert secret != mine.cookies["csrftoken"].value


def test_a_cached_card_posts_with_the_shoppers_own_token(shelf):
    mine = shopper_with_cart(shelf["first"])
    mine.get(shelf["category"].get_absolute_url())
    theirs = shopper_with_cart(shelf["first"])
    theirs.handler.enforce_csrf_checks = True
    html = theirs.get(shelf["category"].get_absolute_url()).content.decode()
    response = theirs.post(
        "/cart/add/",
        {
            "product": shelf["second"].pk,
            "quantity": 1,
            "csrfmiddlewaretoken": _tokens(html)[0],
        },
    )
    assert response.status_code == 302
    assert "1 × The Conquest of Bread" in theirs.get("/").content.decode()


def test_a_staff_edit_shows_on_a_shoppers_next_request(shelf, admin_client):
    shopper = shopper_with_cart(shelf["second"])
    product = shelf["first"]
    category_url = shelf["category"].get_absolute_url()
    sibling_url = shelf["second"].get_absolute_url()
    assert "Anarchy in Action" in shopper.get(category_url).content.decode()
    assert "Anarchy in Action" in shopper.get(sibling_url).content.decode()

    response = admin_client.post(
        change_url(product),
        product_form_data(
            title="Anarchy in Action, revised",
            price="11.50",
            stock="0",
            publisher=str(product.publisher_id),
            categories=[str(shelf["category"].pk)],
        ),
    )
    assert response.status_code == 302

    for url in (category_url, sibling_url):  # a list, and a card on a product page
        card = _card(shopper.get(url).content.decode(), "Anarchy in Action, revised")
        assert "£11.50" in card and "Out of stock" in card
    page = shopper.get(product.get_absolute_url(), follow=True).content.decode()
    assert "Anarchy in Action, revised" in page and "£11.50" in page


def test_a_postage_change_shows_in_the_shoppers_mini_cart(shelf, admin_client):
    from cart.models import WeightBand

    shopper = shopper_with_cart(shelf["first"])
    assert "£2.50" in _mini_cart(shopper.get("/").content.decode())
    band = WeightBand.objects.get()
    band.price = Decimal("3.75")
    band.save()
    assert "£3.75" in _mini_cart(shopper.get("/").content.decode())


def _tokens(html):
    marker = 'name="csrfmiddlewaretoken" value="'
    return [part.split('"', 1)[0] for part in html.split(marker)[1:]]


def _card(html, title):
    for card in html.split('class="product-card"')[1:]:
        if title in card.split("</li>", 1)[0]:
            return card.split("</li>", 1)[0]
    raise AssertionError(f"no card for {title}")


def _mini_cart(html):
    return html.split('id="mini-cart"', 1)[1].split("</section>", 1)[0]

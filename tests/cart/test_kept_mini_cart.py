"""The mini cart is kept between requests (``cart.state``) yet never stale or shared.

Each test shows the shopper a page (which keeps their mini cart), changes
something the mini cart shows, and reads the very next page. To stand for
another worker, whose memory still holds what it kept before the change,
the cache is put back as it was before the change (``as_another_worker``):
only a key that changed with the data can then show the new state.
"""

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db.models import F
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from catalog.models import Product
from tests.factories import (
    make_customer,
    make_postage,
    make_product,
    make_trade_account,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def books(db):
    make_postage()  # UK £2.50 up to 2 kg
    return {
        "bread": make_product(
            title="The Conquest of Bread", price=Decimal("10.00"), stock=10
        ),
        "mutual": make_product(title="Mutual Aid", price=Decimal("8.00"), stock=10),
    }


def shopper_with(product, quantity=1, client=None):
    client = client or Client()
    response = client.post("/cart/add/", {"product": product.pk, "quantity": quantity})
    assert response.status_code == 302
    return client


def mini_cart(client, url="/"):
    html = client.get(url).content.decode()
    return html.split('id="mini-cart"', 1)[1].split("</section>", 1)[0]


def cart_page(client):
    html = client.get("/cart/").content.decode()
    return html.split('id="main"', 1)[1].split("</main>", 1)[0]


@contextmanager
def as_another_worker():
    """Run the block, then leave the cache as it was before it (a worker that
    kept its entries from before the change)."""
    kept = dict(cache._cache), dict(cache._expire_info)
    yield
    cache._cache.clear()
    cache._expire_info.clear()
    cache._cache.update(kept[0])
    cache._expire_info.update(kept[1])


def test_an_add_shows_in_the_mini_cart_on_the_next_page(books):
    shopper = shopper_with(books["bread"])
    assert "1 × The Conquest of Bread" in mini_cart(shopper)
    with as_another_worker():
        shopper_with(books["bread"], 2, client=shopper)
    box = mini_cart(shopper)
    assert "3 × The Conquest of Bread" in box and "£30.00" in box
    assert "£30.00" in cart_page(shopper)


def test_an_update_and_a_remove_show_on_the_next_page(books):
    shopper = shopper_with(books["bread"], 2)
    shopper_with(books["mutual"], client=shopper)
    box = mini_cart(shopper)
    assert "2 × The Conquest of Bread" in box and "1 × Mutual Aid" in box
    line_ids = [line.pk for line in _lines()]
    with as_another_worker():
        shopper.post("/cart/update/", {f"quantity-{line_ids[0]}": "1"})
    assert "1 × The Conquest of Bread" in mini_cart(shopper)
    with as_another_worker():
        shopper.post("/cart/remove/", {"line": line_ids[1]})
    box = mini_cart(shopper)
    assert "Mutual Aid" not in box and "1 item" in box
    assert "Mutual Aid" not in cart_page(shopper)


def test_a_staff_price_edit_shows_in_the_mini_cart_and_cart(books):
    shopper = shopper_with(books["bread"])
    assert "£10.00" in mini_cart(shopper)
    with as_another_worker():
        product = Product.objects.get(pk=books["bread"].pk)
        product.price = Decimal("12.00")
        product.save()
    assert "£12.00" in mini_cart(shopper)
    assert "£12.00" in cart_page(shopper)


def test_stock_taken_by_another_buyer_corrects_the_cart_on_the_next_page(books):
    shopper = shopper_with(books["bread"], 6)
    assert "6 × The Conquest of Bread" in mini_cart(shopper)
    # Another buyer's order takes 5 without changing the catalogue version
    # (stock stays above LOW_STOCK: checkout/stock.py).
    Product.objects.filter(pk=books["bread"].pk).update(stock=F("stock") - 5)
    html = shopper.get("/").content.decode()
    assert "5 × The Conquest of Bread" in html.split('id="mini-cart"', 1)[1]
    assert "Only 5 left of “The Conquest of Bread”" in html


def test_a_discount_code_edit_shows_in_the_mini_cart_and_cart(books):
    from discounts.models import Discount

    code = Discount.objects.create(code="BOOKFAIR10", value=10)
    shopper = shopper_with(books["bread"])
    shopper.post("/cart/code/", {"code": "BOOKFAIR10"})
    assert "−£1.00" in mini_cart(shopper)
    with as_another_worker():
        code.value = 20
        code.save()
    assert "−£2.00" in mini_cart(shopper)
    assert "−£2.00" in cart_page(shopper)


def test_a_postage_edit_shows_in_the_mini_cart_and_cart(books):
    from cart.models import WeightBand

    shopper = shopper_with(books["bread"])
    assert "£2.50" in mini_cart(shopper)
    with as_another_worker():
        band = WeightBand.objects.get()
        band.price = Decimal("3.75")
        band.save()
    assert "£3.75" in mini_cart(shopper)
    assert "£3.75" in cart_page(shopper)


def test_a_trade_approval_shows_trade_prices_on_the_next_page(books):
    user = make_customer()
    account = make_trade_account(user, status="pending", discount_percent=25)
    shopper = Client()
    shopper.force_login(user)
    shopper_with(books["bread"], client=shopper)
    box = mini_cart(shopper)
    assert "£10.00" in box and "Trade prices" not in box
    with as_another_worker():
        account.status = "approved"
        account.save()
    box = mini_cart(shopper)
    assert "Trade prices for" in box and "£7.50" in box
    assert "£7.50" in cart_page(shopper)


def test_a_mini_cart_kept_for_one_page_carries_the_next_pages_address(books):
    shopper = shopper_with(books["bread"])
    mini_cart(shopper, "/")
    box = mini_cart(shopper, books["mutual"].get_absolute_url())
    assert f'name="next" value="{books["mutual"].get_absolute_url()}"' in box


def test_shoppers_with_the_same_cart_contents_keep_their_own_cart_token_and_messages(
    books,
):
    mine = shopper_with(books["bread"])
    theirs = shopper_with(books["bread"])
    mine.get("/")  # keeps a mini cart drawn for this contents
    mine_box = mini_cart(mine)
    their_box = mini_cart(theirs)
    mine_lines = _lines_in(mine_box)
    their_lines = _lines_in(their_box)
    assert mine_lines and their_lines and set(mine_lines).isdisjoint(their_lines)
    for client, box in ((mine, mine_box), (theirs, their_box)):
        tokens = _tokens(box)
        assert tokens
        secret = client.cookies["csrftoken"].value
        assert all(_unmask_cipher_token(t) == secret for t in tokens)
    # A message for one shopper is never on another's page.
    shopper_with(books["mutual"], client=mine)
    assert "Added 1 × “Mutual Aid”" in mine.get("/").content.decode()
    theirs_page = theirs.get("/").content.decode()
    assert "Added 1" not in theirs_page and "Mutual Aid" not in mini_cart(theirs)


def _lines():
    from cart.models import CartLine

    return list(CartLine.objects.order_by("pk"))


def _lines_in(box):
    marker = 'name="line" value="'
    return [part.split('"', 1)[0] for part in box.split(marker)[1:]]


def _tokens(html):
    marker = 'name="csrfmiddlewaretoken" value="'
    return [part.split('"', 1)[0] for part in html.split(marker)[1:]]

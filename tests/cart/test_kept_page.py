"""A product page kept for shoppers ({% shell %}) keeps every visitor's own parts.

The first shopper's request keeps the page; the next shoppers are served it
with their own account link, mini cart, messages, buy box and CSRF tokens
drawn in the holes.
"""

from decimal import Decimal

import pytest
from django.db.models import F
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from catalog.models import Product
from tests.factories import (
    make_customer,
    make_postage,
    make_product,
    make_publisher,
    make_trade_account,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def books(db):
    make_postage()
    press = make_publisher(name="Freedom Press")
    return {
        "bread": make_product(
            title="The Conquest of Bread",
            price=Decimal("10.00"),
            stock=10,
            publisher=press,
        ),
        "mutual": make_product(
            title="Mutual Aid", price=Decimal("8.00"), stock=10, publisher=press
        ),
    }


def shopper_with(product, client=None, quantity=1):
    client = client or Client()
    response = client.post("/cart/add/", {"product": product.pk, "quantity": quantity})
    assert response.status_code == 302
    return client


def tokens(html):
    marker = 'name="csrfmiddlewaretoken" value="'
    return [part.split('"', 1)[0] for part in html.split(marker)[1:]]


def test_the_next_shopper_gets_their_own_cart_account_messages_and_tokens(books):
    url = books["bread"].get_absolute_url()
    first = shopper_with(books["mutual"], quantity=3)
    first.get(url)  # keeps the page
    user = make_customer()
    second = Client()
    second.force_login(user)
    shopper_with(books["bread"], client=second, quantity=2)

    html = second.get(url).content.decode()

    assert "2 × The Conquest of Bread" in html and "3 × Mutual Aid" not in html
    assert "My account</a>" in html and "Sign in</a>" not in html
    assert "Added 2 × “The Conquest of Bread” to your cart." in html
    secret = second.cookies["csrftoken"].value
    found = tokens(html)
    assert len(found) >= 3  # the buy box, a card's form, the mini cart's
    assert all(_unmask_cipher_token(t) == secret for t in found)
    page = first.get(url).content.decode()
    assert "Sign in</a>" in page and "Added 2" not in page
    assert "3 × Mutual Aid" in page


def test_the_buy_box_follows_stock_taken_by_another_buyer(books):
    url = books["bread"].get_absolute_url()
    shopper = shopper_with(books["mutual"])
    assert 'max="10"' in shopper.get(url).content.decode()
    # An order elsewhere takes 4 without changing the catalogue version.
    Product.objects.filter(pk=books["bread"].pk).update(stock=F("stock") - 4)
    html = shopper.get(url).content.decode()
    assert 'name="quantity" value="1" min="1" max="6"' in html


def test_an_order_that_leaves_too_few_corrects_the_cart_shown_beside_the_buy_box(
    books,
):
    # The page reads the stock and the cart in one statement: both follow it.
    url = books["bread"].get_absolute_url()
    shopper = shopper_with(books["bread"], quantity=6)
    assert "6 × The Conquest of Bread" in shopper.get(url).content.decode()
    Product.objects.filter(pk=books["bread"].pk).update(stock=F("stock") - 5)

    html = shopper.get(url).content.decode()

    assert 'name="quantity" value="1" min="1" max="5"' in html
    assert "5 × The Conquest of Bread" in html.split('id="mini-cart"', 1)[1]
    assert "Only 5 left of “The Conquest of Bread”" in html
    again = shopper.get(url).content.decode()
    assert "5 × The Conquest of Bread" in again and "Only 5 left" not in again


def test_a_signed_out_shopper_does_not_see_the_accounts_cart_beside_the_buy_box(
    books,
):
    user = make_customer()
    shopper = Client()
    shopper.force_login(user)
    shopper_with(books["mutual"], client=shopper, quantity=3)
    url = books["bread"].get_absolute_url()
    assert "3 × Mutual Aid" in shopper.get(url).content.decode()
    session = shopper.session
    session.pop("_auth_user_id")  # signed out, the cart's id left behind
    session.save()

    html = shopper.get(url).content.decode()

    assert "3 × Mutual Aid" not in html and "Sign in</a>" in html
    assert 'name="quantity" value="1" min="1" max="10"' in html


def test_a_trade_buyer_and_a_shopper_each_get_their_price_in_the_buy_box(books):
    url = books["bread"].get_absolute_url()
    retail = shopper_with(books["mutual"])
    retail.get(url)
    user = make_customer()
    make_trade_account(user, discount_percent=Decimal("30"))
    trade = Client()
    trade.force_login(user)
    shopper_with(books["mutual"], client=trade)
    buy_box = trade.get(url).content.decode().split('class="buy-box"', 1)[1]
    assert "£7.00" in buy_box.split("</div>", 1)[0]
    again = retail.get(url).content.decode().split('class="buy-box"', 1)[1]
    assert "£10.00" in again.split("</div>", 1)[0] and "£7.00" not in again


def test_a_staff_edit_shows_on_the_next_request_of_a_process_that_kept_the_product(
    books,
):
    url = books["bread"].get_absolute_url()
    shopper = shopper_with(books["mutual"])
    assert "£10.00" in shopper.get(url).content.decode()  # kept in this process
    bread = Product.objects.get(pk=books["bread"].pk)
    bread.price = Decimal("12.50")
    bread.save()  # a staff edit: the catalogue version goes up on commit

    html = shopper.get(url).content.decode()

    buy_box = html.split('class="buy-box"', 1)[1].split("</div>", 1)[0]
    assert "£12.50" in buy_box and "£10.00" not in buy_box


def test_a_staff_edit_and_an_order_show_to_a_signed_in_visitor_without_a_cart(books):
    # No cart: the stock and the catalogue version are read without it.
    url = books["bread"].get_absolute_url()
    visitor = Client()
    visitor.force_login(make_customer())
    assert "£10.00" in visitor.get(url).content.decode()
    bread = Product.objects.get(pk=books["bread"].pk)
    bread.price = Decimal("12.50")
    bread.save()
    Product.objects.filter(pk=bread.pk).update(stock=F("stock") - 3)

    html = visitor.get(url).content.decode()

    buy_box = html.split('class="buy-box"', 1)[1].split("</form>", 1)[0]
    assert "£12.50" in buy_box and "£10.00" not in buy_box
    assert 'max="7"' in buy_box and "My account</a>" in html


def test_stock_read_for_one_request_is_not_left_on_the_kept_product(books):
    from shop import cache as shop_cache

    url = books["bread"].get_absolute_url()
    shopper = shopper_with(books["mutual"])
    shopper.get(url)
    Product.objects.filter(pk=books["bread"].pk).update(stock=3)
    assert 'max="3"' in shopper.get(url).content.decode()

    [kept] = [v for k, v in shop_cache._kept.items() if k[1] == "product-page"]
    assert kept.stock == 10  # as read when kept; each request has its own copy


def test_what_a_process_keeps_stays_bounded(books, monkeypatch):
    from shop import cache as shop_cache

    monkeypatch.setattr(shop_cache, "KEPT_LIMIT", 2)
    shopper = shopper_with(books["mutual"])
    extra = make_product(title="Anarchy", price=Decimal("5.00"), stock=1)
    for product in (books["bread"], books["mutual"], extra):
        assert shopper.get(product.get_absolute_url()).status_code == 200

    assert len(shop_cache._kept) <= 2


def test_a_page_drawn_from_its_shell_is_the_page_rendered_whole(books):
    import re

    from django.core.cache import cache

    url = books["bread"].get_absolute_url()
    shopper = shopper_with(books["mutual"], quantity=2)
    shopper.get(url)  # shows (and so spends) the add's message
    cache.clear()
    whole = shopper.get(url).content.decode()  # rendered whole, the shell kept
    drawn = shopper.get(url)  # only its holes drawn

    masked = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    nonce = re.compile(r'nonce="[^"]+"')
    assert drawn.status_code == 200
    assert drawn["Content-Type"].startswith("text/html")
    html = drawn.content.decode()
    # But for the newline after base.html's shell.
    assert nonce.sub("", masked.sub("", html)) == nonce.sub(
        "", masked.sub("", whole)
    ).rstrip("\n")
    assert "2 × Mutual Aid" in html and 'class="buy-box"' in html

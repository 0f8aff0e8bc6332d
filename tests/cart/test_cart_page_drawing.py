"""What a shopper sees in the cart page's rows, drawn in Python (``cart.cart_page``):
escaped titles and bylines, labelled fields with their errors, the price each
line follows, changed prices, pay-what-you-can forms, postage methods, and
each visitor's own cart and CSRF token in a page kept in a shell."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cart.models import CartLine
from catalog.models import Product
from tests.factories import (
    make_customer,
    make_postage,
    make_product,
    make_publisher,
    make_trade_account,
)

pytestmark = pytest.mark.django_db
D = Decimal
HOSTILE = 'Riot <script>alert("x")</script> & Rebellion'


@pytest.fixture
def post(db):
    return make_postage()


def add(client, product, quantity=1, **extra):
    data = {"product": product.pk, "quantity": quantity} | extra
    response = client.post(reverse("cart:add"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    return CartLine.objects.filter(product=product).latest("pk")


def cart_page(client):
    response = client.get(reverse("cart:detail"))
    assert response.status_code == 200
    return response.content.decode()


def row_of(page, line):
    """The table row of ``line`` (from its cover cell to its remove button)."""
    rows = re.findall(r'<tr class="cart-line">.*?</tr>', page, re.S)
    found = [row for row in rows if f'form="remove-{line.pk}"' in row]
    assert len(found) == 1, rows
    return found[0]


def test_titles_and_bylines_are_escaped_everywhere_the_row_shows_them(client, post):
    publisher = make_publisher(name="Freedom & <b>Press</b>")
    book = make_product(
        title=HOSTILE,
        authors=["Emma <Goldman> & Co"],
        publisher=publisher,
        page_count=80,
        year=1911,
    )
    line = add(client, book)
    page = cart_page(client)
    assert "<script>" not in page
    assert "Emma <Goldman>" not in page
    escaped = "Riot &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Rebellion"
    row = row_of(page, line)
    assert (
        f'class="cart-line__title" href="{book.get_absolute_url()}">{escaped}</a>'
        in row
    )
    assert f'for="quantity-{line.pk}">Quantity of {escaped}</label>' in row
    assert f'<span class="visually-hidden"> {escaped}</span></button>' in row
    assert (
        f'<span class="cart-line__byline" id="byline-{line.pk}">80 page booklet by '
        "Emma &lt;Goldman&gt; &amp; Co, 1911</span>"
    ) in row
    # The quantity field is described by the byline it sits beside.
    assert f'aria-describedby="byline-{line.pk}"' in row


def test_a_price_changed_since_adding_is_shown_in_the_row_and_the_notice(client, post):
    book = make_product(title="Mutual Aid", price=D("4.00"))
    line = add(client, book, 2)
    Product.objects.filter(pk=book.pk).update(price=D("5.00"))
    page = cart_page(client)
    assert "A price has changed since you added it." in page
    assert "<li>“Mutual Aid”: now £5.00, was £4.00</li>" in page
    row = row_of(page, line)
    assert (
        'data-label="Price">£5.00<span class="cart-line__was">was £4.00</span>' in row
    )
    assert 'data-label="Total">£10.00</td>' in row


def test_a_quantity_error_is_shown_beside_its_field_with_what_was_typed(client, post):
    book = make_product(title="Mutual Aid", authors=["Peter Kropotkin"])
    line = add(client, book)
    response = client.post(
        reverse("cart:update"), {f"quantity-{line.pk}": "<b>two</b>"}
    )
    assert response.status_code == 400
    row = row_of(response.content.decode(), line)
    name = f"quantity-{line.pk}"
    assert 'class="cart-lines__num cart-line__quantity has-error"' in row
    assert 'value="&lt;b&gt;two&lt;/b&gt;"' in row
    assert (
        f' aria-invalid="true" aria-describedby="{name}-error byline-{line.pk}">' in row
    )
    assert (
        f'<span class="cart-line__error" id="{name}-error">'
        "Enter a whole number, such as 1 or 2.</span>"
    ) in row
    line.refresh_from_db()
    assert line.quantity == 1


def test_a_trade_line_shows_the_cover_price_and_what_the_cover_was(
    client, post, settings
):
    settings.TRADE_MINIMUM_ORDER = "0"
    user = make_customer("shop@example.org")
    make_trade_account(user)
    client.force_login(user)
    book = make_product(title="Mutual Aid", price=D("10.00"), trade_price=D("6.00"))
    line = add(client, book, 2)
    Product.objects.filter(pk=book.pk).update(price=D("12.00"))
    page = cart_page(client)
    row = row_of(page, line)
    assert (
        '£6.00<br><span class="price-cover">trade; cover £12.00</span>'
        '<span class="cart-line__was">cover was £10.00</span>'
    ) in row
    assert 'data-label="Total">£12.00</td>' in row
    # Trade buyers choose no price: no price form for the line.
    assert 'class="cart-price-choice"' not in page


def test_solidarity_prices_are_offered_with_the_chosen_one_checked(client, post):
    book = make_product(
        title="Mutual Aid",
        price=D("10.00"),
        solidarity_price=D("14.00"),
        reduced_price=D("6.00"),
    )
    line = add(client, book, price_choice="reduced")
    page = cart_page(client)
    row = row_of(page, line)
    assert '£6.00<br><span class="price-cover">can\'t afford it price; list £10.00' in (
        row
    )
    form = page.split('<form class="cart-price-choice"')[1].split("</form>")[0]
    assert "<legend>Your price for Mutual Aid</legend>" in form
    labels = re.findall(r'<label for="line-\d+-(\w+)">([^<]*)</label>', form)
    assert labels == [
        ("solidarity", "Solidarity price: £14.00"),
        ("list", "Price: £10.00"),
        ("reduced", "Can&#x27;t afford it price: £6.00"),
    ]
    assert f'id="line-{line.pk}-reduced" value="reduced" checked>' in form
    assert form.count(" checked") == 1


def test_a_refused_amount_is_shown_again_escaped_beside_its_field(client, post):
    zine = make_product(
        title="Zine & Co",
        price=D("10.00"),
        pwyc_floor=D("4.00"),
        pwyc_suggested=D("8.00"),
        pwyc_ceiling=D("30.00"),
    )
    line = add(client, zine, price_choice="pwyc", amount="8.00")
    response = client.post(
        reverse("cart:price"),
        {"line": line.pk, "price_choice": "pwyc", "amount": '"><script>'},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<script>" not in page.split("<main")[1]
    form = page.split('<form class="cart-price-choice"')[1].split("</form>")[0]
    assert f'<label for="amount-{line.pk}">Pay what you can for Zine &amp; Co (£)' in (
        form
    )
    assert (
        f'value="&quot;&gt;&lt;script&gt;" required '
        f'aria-describedby="amount-{line.pk}-hint amount-{line.pk}-error" '
        'aria-invalid="true">'
    ) in form
    assert f'id="amount-{line.pk}-error">Enter an amount in pounds' in form
    line.refresh_from_db()
    assert line.price_amount == D("8.00")


def test_a_method_that_cannot_carry_the_parcel_is_disabled_with_its_reason(client):
    make_postage()
    heavy = make_product(title="Collected Works", weight_grams=1900, stock=20)
    add(client, heavy, 5)
    page = cart_page(client)
    methods = re.findall(
        r'<div class="cart-postage__method( is-unavailable)?">(.*?)</div>', page, re.S
    )
    unavailable = [body for flag, body in methods if flag]
    assert unavailable, methods
    for body in unavailable:
        pk = re.search(r'id="method-(\d+)"', body)[1]
        assert f'disabled aria-describedby="method-{pk}-reason">' in body
        assert "Not available" in body
        assert f'<p class="cart-postage__reason" id="method-{pk}-reason">' in body


def test_each_visitor_gets_their_own_cart_and_working_token_from_the_kept_page(
    post,
):
    """The page around the cart is kept (base.html's shell); the cart is not."""
    mine, theirs = make_product(title="Mutual Aid"), make_product(title="Fields")
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    for browser, product in ((first, mine), (second, theirs)):
        token = browser.get(product.get_absolute_url()).content.decode()
        token = token.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        browser.post(
            reverse("cart:add"),
            {"csrfmiddlewaretoken": token, "product": product.pk, "quantity": 1},
        )
    cart_page(first)  # keeps the shell
    page = cart_page(second)  # drawn from it
    assert "Fields" in page and "Mutual Aid" not in page.split("<aside")[0]
    line = CartLine.objects.get(product=theirs)
    form = page.split(f'<form id="remove-{line.pk}"')[1].split("</form>")[0]
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = second.post(
        reverse("cart:remove"), {"csrfmiddlewaretoken": token, "line": line.pk}
    )
    assert response.status_code == 302
    assert not CartLine.objects.filter(pk=line.pk).exists()
    assert CartLine.objects.filter(product=mine).exists()

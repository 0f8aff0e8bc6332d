"""Bad input: a clear message or the right 4xx, never a 500, the cart unchanged."""

import html
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from cart.models import Cart, CartLine
from tests.factories import make_cart, make_product

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def filled(client, postage, add_to_cart):
    """A cart with 2 of one product; returns that line."""
    add_to_cart(make_product(title="Pamphlet", price=Decimal("3.00")), 2)
    return CartLine.objects.get()


def cart_state():
    return sorted(CartLine.objects.values_list("cart_id", "product_id", "quantity"))


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Enter a quantity of 1 or more."),
        ("-3", "Enter a quantity of 1 or more."),
        ("1.5", "Enter a whole number, such as 1 or 2."),
        ("two", "Enter a whole number, such as 1 or 2."),
        ("", "Enter how many you want."),
        (str(10**12), "You can order at most 100 of one product at a time."),
        ("9" * 5000, "Enter a whole number, such as 1 or 2."),
    ],
)
def test_a_bad_quantity_to_add_is_refused_with_a_message(
    client, filled, quantity, message
):
    before = cart_state()
    product = filled.product

    response = client.post(
        reverse("cart:add"),
        {"product": product.pk, "quantity": quantity, "next": "/"},
    )

    assert response.status_code == 302
    assert messages_of(response)[-1] == message
    assert cart_state() == before


def test_a_bad_quantity_with_javascript_gets_a_400_and_the_message(client, filled):
    before = cart_state()
    response = client.post(
        reverse("cart:add"),
        {"product": filled.product.pk, "quantity": "-1"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Enter a quantity of 1 or more."
    assert "2 × Pamphlet" in response.json()["mini_cart"]
    assert cart_state() == before


def test_a_bad_first_add_creates_no_cart(client, postage):
    product = make_product()
    client.post(reverse("cart:add"), {"product": product.pk, "quantity": "x"})
    assert not Cart.objects.exists()


@pytest.mark.parametrize(
    "product_id", ["999999", "abc", "", "1e3", "0", "-1", str(2**63), str(10**30)]
)
def test_adding_an_unknown_product_is_a_404(client, postage, product_id):
    response = client.post(
        reverse("cart:add"), {"product": product_id, "quantity": "1"}
    )
    assert response.status_code == 404
    assert not Cart.objects.exists()


def test_adding_an_unpublished_product_is_a_404(client, postage):
    product = make_product(is_published=False)
    response = client.post(reverse("cart:add"), {"product": product.pk, "quantity": 1})
    assert response.status_code == 404
    assert not CartLine.objects.exists()


def test_a_post_without_a_csrf_token_is_refused(postage):
    product = make_product()
    browser = Client(enforce_csrf_checks=True)
    browser.get(product.get_absolute_url())
    response = browser.post(reverse("cart:add"), {"product": product.pk, "quantity": 1})
    assert response.status_code == 403
    assert not CartLine.objects.exists()


def test_the_product_pages_form_carries_a_working_csrf_token(postage):
    product = make_product(title="Tokened")
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(product.get_absolute_url()).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = browser.post(
        reverse("cart:add"),
        {"csrfmiddlewaretoken": token, "product": product.pk, "quantity": 1},
    )
    assert response.status_code == 302
    assert CartLine.objects.get().product == product


def test_get_on_a_post_only_url_is_refused(client, postage):
    assert client.get(reverse("cart:add")).status_code == 405


def test_an_offsite_next_is_ignored(client, postage):
    product = make_product()
    response = client.post(
        reverse("cart:add"),
        {"product": product.pk, "quantity": 1, "next": "https://evil.example/"},
    )
    assert response.url == product.get_absolute_url()


@pytest.mark.parametrize(
    "next_url", ["0", "x", "cart:detail", "admin:index", "", "//evil.example/", "/\\x"]
)
def test_a_next_that_is_not_a_local_path_goes_back_to_the_product(
    client, postage, next_url
):
    # Anything but a path would reach redirect() as a view name: a 500 once.
    product = make_product()
    response = client.post(
        reverse("cart:add"), {"product": product.pk, "quantity": 1, "next": next_url}
    )
    assert response.status_code == 302
    assert response.url == product.get_absolute_url()
    assert CartLine.objects.get().quantity == 1


def test_a_next_that_is_a_local_path_is_followed_with_its_query(client, filled):
    response = client.post(
        reverse("cart:remove"), {"line": filled.pk, "next": "/search/?q=x&page=2"}
    )
    assert response.url == "/search/?q=x&page=2"


def test_removing_a_line_of_another_cart_is_a_404_and_changes_nothing(client, filled):
    stranger = make_cart(lines=[(make_product(), 1)])
    theirs = stranger.lines.get()
    before = cart_state()

    response = client.post(reverse("cart:remove"), {"line": theirs.pk})

    assert response.status_code == 404
    assert cart_state() == before


def test_updating_a_line_of_another_cart_is_a_404_and_changes_nothing(client, filled):
    stranger = make_cart(lines=[(make_product(), 1)])
    theirs = stranger.lines.get()
    before = cart_state()

    response = client.post(
        reverse("cart:update"),
        {f"quantity-{filled.pk}": "5", f"quantity-{theirs.pk}": "0"},
    )

    assert response.status_code == 404
    assert cart_state() == before


@pytest.mark.parametrize("line", ["", "abc", "999999", "-1"])
def test_removing_a_line_that_does_not_exist_is_a_404(client, filled, line):
    assert client.post(reverse("cart:remove"), {"line": line}).status_code == 404
    assert CartLine.objects.count() == 1


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("-1", "Enter 0 to remove a line, or a quantity of 1 or more."),
        ("2.5", "Enter a whole number, such as 1 or 2."),
        ("lots", "Enter a whole number, such as 1 or 2."),
        (str(10**12), "You can order at most 100 of one product at a time."),
    ],
)
def test_a_bad_quantity_on_the_cart_page_changes_nothing(
    client, filled, quantity, message
):
    before = cart_state()
    response = client.post(reverse("cart:update"), {f"quantity-{filled.pk}": quantity})
    assert response.status_code == 400
    assert f"Quantity of Pamphlet: {message}" in messages_of(response)
    assert cart_state() == before
    # The page comes back with what was typed and the error tied to its field.
    page = response.content.decode()
    name = f"quantity-{filled.pk}"
    field = page.split(f'<input id="{name}"')[1].split(">")[0]
    assert f'value="{quantity}"' in field
    assert 'aria-invalid="true"' in field
    assert f'aria-describedby="{name}-error' in field
    error = page.split(f'id="{name}-error">')[1].split("<")[0]
    assert error == html.escape(message)


def test_an_update_without_a_cart_or_quantities_changes_nothing(client, postage):
    response = client.post(reverse("cart:update"), {"anything": "1"})
    assert response.status_code == 302
    assert messages_of(response) == ["Your cart has not been changed."]
    assert not Cart.objects.exists()


def test_an_update_with_no_quantities_leaves_the_cart_as_it_was(client, filled):
    before = cart_state()
    response = client.post(reverse("cart:update"), {})
    assert response.status_code == 302
    assert messages_of(response)[-1] == "Your cart has not been changed."
    assert cart_state() == before


@pytest.mark.parametrize(
    ("quantity", "held"),
    [("５", 5), (" 2 ", 2), ("-0", None), ("1e3", 2), ("2.0", 2)],
)
def test_odd_but_readable_quantities_on_the_cart_page(client, filled, quantity, held):
    """Unicode digits and spaces read as the number, -0 removes, 1e3 is refused."""
    client.post(reverse("cart:update"), {f"quantity-{filled.pk}": quantity})
    line = CartLine.objects.filter(pk=filled.pk).first()
    assert (line.quantity if line else None) == held


def test_an_unknown_country_is_refused_and_the_default_zone_kept(client, filled):
    response = client.post(reverse("cart:destination"), {"country": "XX"})

    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        "Sorry, we do not know that country. Please choose one from the list."
    )
    cart = Cart.objects.get()
    assert cart.country == "GB"
    page = client.get(reverse("cart:detail")).content.decode()
    assert "Postage method to United Kingdom" in page


def test_a_method_id_of_another_zone_is_not_kept(client, filled, postage):
    client.post(
        reverse("cart:destination"), {"country": "GB", "method": postage["airmail"].pk}
    )
    assert Cart.objects.get().shipping_method is None


@pytest.mark.parametrize("method", ["abc", "-4", "1.5"])
def test_a_garbled_method_is_refused(client, filled, method):
    response = client.post(
        reverse("cart:destination"), {"country": "FR", "method": method}
    )
    assert response.status_code == 302
    assert Cart.objects.get().country == "GB"


def test_the_script_hears_why_a_product_cannot_be_added(client, filled):
    gone = make_product(title="Withdrawn", is_published=False)
    response = client.post(
        reverse("cart:add"),
        {"product": gone.pk, "quantity": 1},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 404
    assert response.json()["message"] == "Sorry, that product is not for sale."
    assert "2 × Pamphlet" in response.json()["mini_cart"]


def test_the_script_hears_that_a_line_was_already_removed(client, filled):
    stranger = make_cart(lines=[(make_product(), 1)]).lines.get()
    before = cart_state()
    response = client.post(
        reverse("cart:remove"), {"line": stranger.pk}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 404
    assert response.json()["message"] == "That product was no longer in your cart."
    assert "2 × Pamphlet" in response.json()["mini_cart"]
    assert cart_state() == before

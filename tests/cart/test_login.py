"""The cart follows a shopper who signs in."""

import pytest
from django.test import Client

from cart.models import Cart, CartLine
from tests.factories import make_cart, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(django_user_model):
    return django_user_model.objects.create_user("rosa", password="spartacus-1919")


def lines_of(cart):
    return sorted(cart.lines.values_list("product__title", "quantity"))


def test_signing_in_ties_the_session_cart_to_the_user(
    client, postage, shopper, add_to_cart
):
    add_to_cart(make_product(title="Pamphlet"), 2)

    client.force_login(shopper)

    cart = Cart.objects.get()
    assert cart.user == shopper
    assert cart.session_key == client.session.session_key
    assert "2 × Pamphlet" in client.get("/").content.decode()


def test_signing_in_merges_the_session_cart_into_the_users_cart(
    client, postage, shopper, add_to_cart
):
    both = make_product(title="In both", stock=10)
    saved = make_product(title="Saved earlier")
    users_cart = make_cart(lines=[(both, 1), (saved, 1)], user=shopper)
    add_to_cart(both, 2)
    add_to_cart(make_product(title="New today"), 1)

    client.force_login(shopper)

    assert list(Cart.objects.all()) == [users_cart]
    assert lines_of(users_cart) == [
        ("In both", 3),
        ("New today", 1),
        ("Saved earlier", 1),
    ]
    assert client.session["cart_id"] == users_cart.pk


def test_signing_in_on_a_new_browser_finds_the_users_cart(client, postage, shopper):
    users_cart = make_cart(lines=[(make_product(title="Kept"), 1)], user=shopper)
    client.force_login(shopper)
    assert client.session["cart_id"] == users_cart.pk
    assert "1 × Kept" in client.get("/").content.decode()


def test_a_merge_respects_the_stock(client, postage, shopper, add_to_cart):
    scarce = make_product(title="Scarce", stock=3)
    make_cart(lines=[(scarce, 2)], user=shopper)
    add_to_cart(scarce, 2)
    client.force_login(shopper)
    assert CartLine.objects.get().quantity == 3


def test_a_users_cart_is_not_shown_to_another_session(postage, shopper):
    users_cart = make_cart(lines=[(make_product(title="Private"), 1)], user=shopper)
    intruder = Client()
    session = intruder.session
    session["cart_id"] = users_cart.pk  # a forged or stale session
    session.save()
    page = intruder.get("/").content.decode()
    mini_cart = page.split('id="mini-cart"')[1].split("</section>")[0]
    assert "No products" in mini_cart
    assert "Private" not in mini_cart

"""The cart page's reads: bylines kept per catalogue version, carts per visitor."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import make_cart, make_contributor, make_product

pytestmark = pytest.mark.django_db


def _cart_page(client):
    response = client.get(reverse("cart:detail"))
    assert response.status_code == 200
    return response.content.decode()


def _cart_titles(page):
    """The titles in the cart's own lines (the New products block aside)."""
    return re.findall(r'class="cart-line__title" href="[^"]*">([^<]*)</a>', page)


@pytest.mark.django_db(transaction=True)
def test_a_staff_edit_of_a_byline_shows_on_the_next_cart_page(
    client, admin_client, postage, add_to_cart
):
    """Committed for real, as in production: the version goes up on commit."""
    writer = make_contributor(name="Colin Ward")
    product = make_product(title="Anarchy in Action", authors=[writer], year=1973)
    add_to_cart(product)
    assert "by Colin Ward" in _cart_page(client)
    assert "by Colin Ward" in _cart_page(client)  # from the cache this time

    response = admin_client.post(
        reverse("admin:catalog_contributor_change", args=[writer.pk]),
        {
            "name": "C. Ward",
            "slug": writer.slug,
            "byline_article": "",
            "short_name": "",
            "bio": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    page = _cart_page(client)
    assert "by C. Ward" in page
    assert "Colin Ward" not in page


def test_another_visitors_cart_never_shows(postage, add_to_cart, client):
    mine = make_product(title="Mutual Aid", authors=["Peter Kropotkin"])
    add_to_cart(mine)
    assert _cart_titles(_cart_page(client)) == ["Mutual Aid"]

    stranger = Client()
    theirs = make_product(title="The Conquest of Bread", authors=["Kropotkin"])
    stranger.post(reverse("cart:add"), {"product": theirs.pk, "quantity": 1})
    assert _cart_titles(_cart_page(stranger)) == ["The Conquest of Bread"]
    assert _cart_titles(_cart_page(client)) == ["Mutual Aid"]

    # A session pointing at a cart that belongs to an account shows nothing
    # of it to a visitor not signed in as that account.
    owner = get_user_model().objects.create_user("reader@example.org", "x" * 12)
    kept = make_cart(lines=[(mine, 3)], user=owner)
    session = stranger.session
    session["cart_id"] = kept.pk
    session.save()
    assert _cart_titles(_cart_page(stranger)) == []


def test_a_refused_first_add_keeps_no_cart_and_the_session_names_none(
    client, postage, add_to_cart
):
    """The new cart and its line commit together: a refused line keeps neither."""
    from cart.models import Cart

    sold_out = make_product(title="Gone", stock=0, allow_backorder=False)
    response = add_to_cart(sold_out)
    assert response.status_code in (302, 400)
    assert not Cart.objects.exists()
    assert client.session.get("cart_id") is None
    assert _cart_titles(_cart_page(client)) == []

    # The next add works as a first one.
    add_to_cart(make_product(title="In Stock"))
    assert _cart_titles(_cart_page(client)) == ["In Stock"]
    assert Cart.objects.count() == 1

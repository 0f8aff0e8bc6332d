"""``request.cart``: read lazily, corrected once before a page renders."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cart.models import Cart, CartLine
from tests.factories import make_cart, make_product

pytestmark = pytest.mark.django_db


def give_cart(client, *items):
    cart = make_cart(lines=list(items))
    session = client.session
    session["cart_id"] = cart.pk
    session.save()
    return cart


def test_a_catalogue_page_without_a_cart_creates_neither_session_nor_cart(
    client, postage
):
    product = make_product(title="Just looking")
    for url in (reverse("catalog:home"), product.get_absolute_url()):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert "No products" in response.content.decode()
        assert "sessionid" not in response.cookies
        assert not [q for q in queries if "cart_" in q["sql"]]
        assert not [q for q in queries if "django_session" in q["sql"]]
    assert not Cart.objects.exists()
    assert not Session.objects.exists()


def test_the_mini_cart_only_reads_what_the_request_already_corrected(client, postage):
    kept = make_product(title="Kept", stock=5)
    gone = make_product(title="Gone")
    give_cart(client, (kept, 1), (gone, 1))
    gone.is_published = False
    gone.save()
    request = client.get("/").wsgi_request  # this GET corrected the cart
    assert list(CartLine.objects.values_list("title", flat=True)) == ["Kept"]
    request.cart.reload()
    request.cart.lines  # noqa: B018 (what the context processor reads)
    with CaptureQueriesContext(connection) as queries:
        html = Template("{% load cart_tags %}{% mini_cart %}").render(
            Context({"request": request})
        )
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if q.startswith(("UPDATE", "DELETE", "INSERT"))]
    assert "1 × Kept" in html and "Gone" not in html


def test_a_correction_is_told_on_the_page_that_made_it(client, postage):
    product = make_product(title="Selling fast", stock=5)
    give_cart(client, (product, 4))
    product.stock = 2
    product.save()
    page = client.get(reverse("catalog:home")).content.decode()
    assert "Only 2 left of “Selling fast”; your cart now holds 2." in page
    assert CartLine.objects.get().quantity == 2
    again = client.get(reverse("catalog:home")).content.decode()
    assert "your cart now holds" not in again


def test_the_checkout_sees_the_cart_as_it_stands(client, postage):
    product = make_product(title="Last copies", stock=5)
    give_cart(client, (product, 4))
    product.stock = 2
    product.save()
    page = client.get(reverse("checkout:details")).content.decode()
    assert "your cart now holds" not in page
    assert CartLine.objects.get().quantity == 4

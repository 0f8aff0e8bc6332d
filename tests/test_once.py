"""``{% once %}``: parts drawn once per process stay right for every page."""

import pytest
from django.test.utils import override_script_prefix

pytestmark = pytest.mark.django_db


def test_links_drawn_once_follow_the_script_prefix_and_the_shops_name(client, settings):
    plain = client.get("/cart/").content.decode()
    assert 'href="/new-products/">New products</a>' in plain
    assert 'action="/search/"' in plain

    with override_script_prefix("/shop/"):  # the shop mounted under a path
        mounted = client.get("/cart/").content.decode()
    assert 'href="/shop/new-products/">New products</a>' in mounted
    assert 'action="/shop/search/"' in mounted
    assert "/shop/" not in client.get("/cart/").content.decode()

    settings.SHOP_NAME = "Freedom Bookshop"
    renamed = client.get("/cart/").content.decode()
    assert "Freedom Bookshop · an independent radical bookshop" in renamed
    assert '<p class="site-name"><a href="/">Freedom Bookshop</a></p>' in renamed


def test_signed_in_and_out_visitors_each_get_their_own_account_link(client):
    from tests.factories import make_customer

    assert (
        'href="/account/sign-in/">Sign in</a>' in client.get("/cart/").content.decode()
    )
    client.force_login(make_customer())
    page = client.get("/cart/").content.decode()
    assert 'href="/account/">My account</a>' in page and "Sign in</a>" not in page


def test_forms_drawn_in_python_follow_the_script_prefix(client):
    from tests.factories import make_product

    product = make_product(title="Mutual Aid", stock=5)
    client.post("/cart/add/", {"product": product.pk, "quantity": 1})
    address = product.get_absolute_url()
    with override_script_prefix("/shop/"):
        cart = client.get("/cart/").content.decode()
        page = client.get(address).content.decode()
    assert 'action="/shop/cart/remove/"' in cart
    assert 'name="next" value="/shop/cart/"' in cart
    assert 'action="/shop/cart/add/"' in page
    cart = client.get("/cart/").content.decode()
    page = client.get(address).content.decode()
    assert 'action="/cart/remove/"' in cart and "/shop/" not in cart
    assert 'action="/cart/add/"' in page and "/shop/" not in page

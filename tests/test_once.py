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

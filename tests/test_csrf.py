"""Every page's CSRF token (``shop.csrf``): the visitor's own secret, masked afresh.

A form posted with the token from a page is accepted by Django's CSRF check;
one posted with another visitor's, or with none, is refused; no two pages
carry the same token (the mask is new each time), and a visitor without a
cookie gets one with the page.
"""

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from tests.factories import make_postage, make_product

pytestmark = pytest.mark.django_db


def tokens(html):
    marker = 'name="csrfmiddlewaretoken" value="'
    return [part.split('"', 1)[0] for part in html.split(marker)[1:]]


@pytest.fixture
def product(db):
    make_postage()
    return make_product(title="The Conquest of Bread", stock=5)


def shopper(product):
    client = Client(enforce_csrf_checks=True)
    page = client.get(product.get_absolute_url()).content.decode()
    response = client.post(
        "/cart/add/",
        {"product": product.pk, "quantity": 1, "csrfmiddlewaretoken": tokens(page)[0]},
    )
    assert response.status_code == 302
    return client


def test_each_page_masks_the_visitors_own_secret_afresh(product):
    client = shopper(product)
    secret = client.cookies["csrftoken"].value

    seen = [tokens(client.get(product.get_absolute_url()).content.decode())]
    seen.append(tokens(client.get(product.get_absolute_url()).content.decode()))

    assert all(seen)
    assert all(_unmask_cipher_token(token) == secret for page in seen for token in page)
    assert set(seen[0]).isdisjoint(seen[1])
    assert all(len(token) == 64 and token.isalnum() for page in seen for token in page)


def test_a_token_from_the_page_is_accepted_and_another_visitors_is_refused(product):
    mine, theirs = shopper(product), shopper(product)
    my_token = tokens(mine.get(product.get_absolute_url()).content.decode())[0]

    refused = theirs.post(
        "/cart/add/",
        {"product": product.pk, "quantity": 1, "csrfmiddlewaretoken": my_token},
    )
    accepted = mine.post(
        "/cart/add/",
        {"product": product.pk, "quantity": 1, "csrfmiddlewaretoken": my_token},
    )

    assert refused.status_code == 403
    assert accepted.status_code == 302
    url = product.get_absolute_url()
    assert "2 × The Conquest of Bread" in mine.get(url).content.decode()
    assert "1 × The Conquest of Bread" in theirs.get(url).content.decode()


def test_a_visitor_without_a_cookie_gets_one_that_matches_the_pages_token(product):
    client = Client(enforce_csrf_checks=True)
    response = client.get(product.get_absolute_url())
    secret = response.cookies["csrftoken"].value
    found = tokens(response.content.decode())
    assert found and all(_unmask_cipher_token(token) == secret for token in found)


def test_a_forged_cookie_gets_a_new_secret_not_a_500(product):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "!" * 32
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    secret = response.cookies["csrftoken"].value
    assert secret != "!" * 32
    assert all(
        _unmask_cipher_token(token) == secret
        for token in tokens(response.content.decode())
    )

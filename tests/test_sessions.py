"""Sessions (``shop.sessions``): one insert for a new one, kept only in the database."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cart.models import Cart, CartLine
from shop.sessions import SessionStore
from tests.factories import PASSWORD, make_customer, make_postage, make_product

pytestmark = pytest.mark.django_db

# Reading the product; then one transaction (under the test's own, a savepoint
# and its release) inserting the cart, its line and the session row.
NEW_VISITOR_ADD_QUERIES = 6


def sql_of(queries):
    return [q["sql"] for q in queries.captured_queries]


def test_a_new_visitors_add_writes_the_session_once_and_costs_n_queries(client):
    make_postage()
    product = make_product(title="Anarchy in Action", stock=10)
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/cart/add/", {"product": product.pk, "quantity": 1})
    assert response.status_code == 302
    statements = sql_of(queries)
    session_sql = [q for q in statements if "django_session" in q]
    assert len(session_sql) == 1 and session_sql[0].startswith("INSERT")
    assert len(statements) == NEW_VISITOR_ADD_QUERIES
    # Cart, line and session are one commit: all three inserts inside the
    # one transaction (here the one savepoint), none outside it.
    begin = next(i for i, q in enumerate(statements) if q.startswith("SAVEPOINT"))
    end = next(i for i, q in enumerate(statements) if q.startswith("RELEASE"))
    inserts = [i for i, q in enumerate(statements) if q.startswith("INSERT")]
    assert len(inserts) == 3 and all(begin < i < end for i in inserts)
    # The one row holds the cart: the shopper sees it on the next page.
    assert Session.objects.count() == 1
    assert "1 × Anarchy in Action" in client.get("/").content.decode()


def test_a_new_visitors_refused_add_keeps_no_cart_and_says_why(client):
    make_postage()
    product = make_product(title="Sold Out", stock=0)
    response = client.post(
        "/cart/add/", {"product": product.pk, "quantity": 1}, follow=True
    )
    assert "out of stock" in response.content.decode()
    assert not Cart.objects.exists() and not CartLine.objects.exists()
    # Whatever session row there is names no cart.
    for row in Session.objects.all():
        assert "cart_id" not in SessionStore().decode(row.session_data)


def test_a_colliding_key_is_retried_and_the_other_session_is_untouched():
    taken = SessionStore()
    taken["cart_id"] = 1
    taken.save()
    fresh_keys = iter([taken.session_key, "z" * 32])
    new = SessionStore()
    new._get_new_session_key = lambda: next(fresh_keys)
    new["cart_id"] = 2
    new.save()
    assert new.session_key == "z" * 32
    assert SessionStore(taken.session_key).load() == {"cart_id": 1}
    assert SessionStore("z" * 32).load() == {"cart_id": 2}


def test_a_session_is_read_from_the_database_by_any_process():
    store = SessionStore()
    store["cart_id"] = 7
    store.save()
    # Another worker: a new store, nothing shared but the database.
    assert SessionStore(store.session_key)["cart_id"] == 7
    Session.objects.all().delete()  # cleared by staff, or expired and swept
    assert SessionStore(store.session_key).load() == {}


def test_an_expired_session_is_not_read():
    store = SessionStore()
    store["cart_id"] = 7
    store.set_expiry(-10)
    store.save()
    other = SessionStore(store.session_key)
    assert other.load() == {}
    assert other.session_key is None


def test_a_visitor_who_only_looks_gets_no_session_row(client):
    client.get("/")
    client.get("/cart/")
    assert not Session.objects.exists()
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_signing_out_ends_the_session_everywhere_it_was_used():
    make_customer("rosa@example.org")
    browser = Client()
    browser.post(
        "/account/sign-in/", {"username": "rosa@example.org", "password": PASSWORD}
    )
    cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert "My account" in browser.get("/").content.decode()
    stolen = Client()  # the same cookie in another browser
    stolen.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert "My account" in stolen.get("/").content.decode()

    browser.post("/account/sign-out/")

    assert not Session.objects.filter(session_key=cookie).exists()
    assert "Sign in" in stolen.get("/").content.decode()


def test_signing_in_gives_a_new_key_and_keeps_the_cart(client):
    make_postage()
    make_customer("rosa@example.org")
    product = make_product(title="Anarchy in Action", stock=10)
    client.post("/cart/add/", {"product": product.pk, "quantity": 2})
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(
        "/account/sign-in/", {"username": "rosa@example.org", "password": PASSWORD}
    )
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert "2 × Anarchy in Action" in client.get("/").content.decode()

"""Customers, their addresses and past orders, and signing in with the old password."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Address
from migrate_prestashop import selectors
from migrate_prestashop.models import PastCustomer, PastOrder

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_one_account_per_real_email_no_guests_no_deleted(imported):
    emails = set(User.objects.values_list("email", flat=True))
    assert len(emails) == User.objects.count() == 22
    assert "dup@example.org" in emails  # a real account behind two guest rows
    assert "onlyguest@example.org" not in emails
    assert "gone@example.org" not in emails
    dee = User.objects.get(email="dup@example.org")
    assert (dee.username, dee.first_name) == ("dup@example.org", "Dee")
    assert "a guest checkout, not an account" in imported
    assert "deleted in the old shop" in imported


def test_newsletter_consent_and_wholesale_group_are_kept(imported):
    assert PastCustomer.objects.get(user__email="reader1@example.org").newsletter
    assert not PastCustomer.objects.get(user__email="reader4@example.org").newsletter
    trade = PastCustomer.objects.get(user__email="trade@example.org")
    assert (trade.group, trade.is_wholesale) == ("Wholesale", True)
    reader5 = PastCustomer.objects.get(user__email="reader5@example.org")
    assert (reader5.group, reader5.is_wholesale) == ("Customer", False)


def test_current_addresses_are_saved_the_old_copy_stays_on_its_order(imported):
    reader = User.objects.get(email="reader1@example.org")
    saved = Address.objects.filter(customer__user=reader)
    assert [(a.line1, a.country, a.is_default) for a in saved] == [
        ("2 New Road", "GB", True)
    ]
    used = selectors.past_orders_for(reader).first()
    assert "1 Freedom Street" in used.delivery_address
    assert "a copy PrestaShop kept for old orders" in imported


def test_imported_customers_are_confirmed_accounts(imported):
    reader = User.objects.get(email="reader1@example.org")
    assert reader.customer.is_verified


def test_order_states_are_mapped_by_the_old_shops_own_settings_and_flags(imported):
    status = dict(PastOrder.objects.values_list("old_status", "status").distinct())
    # Id 2 is "Payment accepted" on a fresh install, but PayPal's state here.
    assert status["Awaiting PayPal payment"] == "awaiting_payment"
    assert status["Payment accepted"] == "paid"
    assert status["Processing in progress"] == "paid"
    assert status["Delivered"] == "shipped"
    assert status["Canceled"] == "cancelled"
    assert status["Payment error"] == "payment_failed"
    assert status["Stripe: payment authorised"] == "paid"  # flags only
    held = PastOrder.objects.filter(old_status="Held by customs")
    assert held.exists() and all(order.needs_review for order in held)


def test_guest_orders_join_the_account_with_their_email(imported):
    dee = User.objects.get(email="dup@example.org")
    orders = selectors.past_orders_for(dee)
    # Orders placed as guests 21 and 22 and as customer 23 (in capitals).
    assert len(orders) == PastOrder.objects.filter(email="dup@example.org").count()
    assert len(orders) >= 3
    only_guest = PastOrder.objects.filter(email="onlyguest@example.org")
    assert only_guest.exists() and not only_guest.filter(user__isnull=False).exists()


def test_past_orders_keep_lines_totals_and_the_address_used(imported):
    reader = User.objects.get(email="reader1@example.org")
    order = selectors.past_orders_for(reader).first()
    assert order.total == Decimal("23.50")
    assert [(line.quantity, line.line_total) for line in order.lines.all()] == [
        (2, Decimal("20.00"))
    ]
    assert "1 Freedom Street" in order.delivery_address
    split = PastOrder.objects.filter(reference="SPLITORDR")
    assert split.count() == 2


def sign_in(client, email, password):
    """Sign in through the shop's own form, as a customer does."""
    return client.post(
        "/account/sign-in/", {"username": email, "password": password}, follow=True
    )


def test_an_imported_customer_signs_in_with_the_old_password_once_rehashed(
    imported, client, old_shop
):
    email = "reader3@example.org"
    password = old_shop.facts.passwords[email]
    assert User.objects.get(email=email).password.startswith("ps16md5$")
    refused = sign_in(client, email, "not-it")
    assert "do not match an account" in refused.text
    assert User.objects.get(email=email).password.startswith("ps16md5$")
    page = sign_in(client, "Reader3@Example.org", password)
    assert "You are signed in." in page.text
    assert client.get("/account/").status_code == 200
    upgraded = User.objects.get(email=email).password
    assert upgraded.startswith("md5$")  # the test settings' first hasher
    client.post("/account/sign-out/")
    assert "You are signed in." in sign_in(client, email, password).text


def test_a_password_prestashop_stripped_of_backslashes_still_works(
    imported, client, old_shop
):
    email = "dup@example.org"
    page = sign_in(client, email, old_shop.facts.passwords[email])
    assert "You are signed in." in page.text


def test_an_imported_customer_can_choose_a_new_password(
    imported, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password/forgotten/", {"email": "reader6@example.org"})
    assert [m.to for m in mailoutbox] == [["reader6@example.org"]]
    assert "/account/password/reset/" in mailoutbox[0].body


def test_a_signed_in_customer_reads_their_old_orders(imported, client, old_shop):
    email = "reader1@example.org"
    sign_in(client, email, old_shop.facts.passwords[email])
    page = client.get("/account/earlier-orders/")
    assert page.status_code == 200
    mine = PastOrder.objects.filter(email=email)
    assert mine.exists()
    for order in mine:
        assert f"Order {order.reference}" in page.text
    others = PastOrder.objects.exclude(email=email).first()
    assert f"Order {others.reference}," not in page.text
    assert "20.00 EUR" in page.text  # the old shop's own currency


def test_old_orders_page_queries_do_not_grow_with_orders(imported, old_shop):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for email in ("dup@example.org", "reader2@example.org"):
        client = Client()
        sign_in(client, email, old_shop.facts.passwords[email])
        client.get("/account/earlier-orders/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/account/earlier-orders/").status_code == 200
        orders = PastOrder.objects.filter(email=email).count()
        counts[orders] = len(queries.captured_queries)
    assert len(counts) == 2  # two customers with different numbers of orders
    assert len(set(counts.values())) == 1


def test_the_old_orders_page_asks_visitors_to_sign_in(imported, client):
    response = client.get("/account/earlier-orders/")
    assert response.status_code == 302


def test_the_account_menu_offers_old_orders_only_to_those_who_have_them(
    imported, client, old_shop
):
    email = "reader1@example.org"
    sign_in(client, email, old_shop.facts.passwords[email])
    assert "Earlier orders" in client.get("/account/").text
    other = User.objects.create_user("new@example.org", "new@example.org", "pw-12345")
    other_client = type(client)()
    other_client.force_login(other)
    assert "Earlier orders" not in other_client.get("/account/").text

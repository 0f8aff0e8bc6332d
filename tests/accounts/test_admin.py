"""Customers in admin: orders and addresses shown, links sent, password never."""

import pytest
from django.contrib.auth.hashers import make_password

from accounts import services
from accounts.models import Customer
from checkout.models import Order
from outbox.models import Email
from tests.accounts.helpers import text
from tests.factories import make_address, make_customer, make_order, make_product

pytestmark = pytest.mark.django_db


def test_a_customer_page_shows_orders_and_addresses_and_no_password(
    admin_client, postage
):
    _, posted, _ = postage
    user = make_customer("rosa@example.org")
    order = make_order((make_product(), 1), method=posted, email=user.email)
    Order.objects.filter(pk=order.pk).update(user=user)
    make_address(user, line1="1 Spartacus Road")

    page = admin_client.get(f"/admin/accounts/customer/{user.customer.pk}/change/")

    body = page.content.decode()
    assert order.number in body and "1 Spartacus Road" in body
    assert 'name="password' not in body
    assert f"/admin/auth/user/{user.pk}/password/" not in body
    assert user.password not in body


def test_staff_send_a_verification_or_reset_link(admin_client, committing, mailoutbox):
    unconfirmed = make_customer("new@example.org", verified=False)
    confirmed = make_customer("old@example.org")
    ids = [unconfirmed.customer.pk, confirmed.customer.pk]
    with committing():
        admin_client.post(
            "/admin/accounts/customer/",
            {"action": "resend_verification", "_selected_action": ids},
        )
    assert [m.to for m in mailoutbox] == [["new@example.org"]]
    with committing():
        admin_client.post(
            "/admin/accounts/customer/",
            {"action": "send_password_reset", "_selected_action": ids},
        )
    assert sorted(m.to[0] for m in mailoutbox[1:]) == [
        "new@example.org",
        "old@example.org",
    ]
    assert all("/account/password/reset/" in m.body for m in mailoutbox[1:])


def test_the_user_admin_lists_staff_only(admin_client):
    customer = make_customer("rosa@example.org")
    page = text(admin_client.get("/admin/auth/user/"))
    assert "admin" in page and "rosa@example.org" not in page
    response = admin_client.get(f"/admin/auth/user/{customer.pk}/password/")
    assert response.status_code in (302, 404)
    assert Customer.objects.count() == 1


def test_an_importer_creates_a_customer_once_with_their_old_password(postage):
    _, posted, _ = postage
    order = make_order((make_product(), 1), method=posted, email="Old@Example.org")
    user = services.create_customer(
        email=" Old@Example.org", password_hash=make_password("an old password")
    )
    again = services.create_customer(email="old@example.org")
    assert again.pk == user.pk and user.username == user.email == "old@example.org"
    assert again.check_password("an old password")
    assert again.customer.is_verified
    assert Order.objects.get(pk=order.pk).user == user
    nopass = services.create_customer(email="new@example.org", verified=False)
    assert not nopass.has_usable_password() and not nopass.customer.is_verified


def test_staff_see_a_customers_emails_but_never_a_link_that_signs_in(
    admin_client, committing
):
    user = make_customer("new@example.org", verified=False)
    with committing():
        admin_client.post(
            "/admin/accounts/customer/",
            {"action": "send_password_reset", "_selected_action": [user.customer.pk]},
        )
    email = Email.objects.get()
    assert "/account/password/reset/" in email.body
    customer_page = admin_client.get(
        f"/admin/accounts/customer/{user.customer.pk}/change/"
    ).content.decode()
    assert "Choose a new password" in customer_page  # the subject, listed
    email_page = admin_client.get(f"/admin/outbox/email/{email.pk}/change/")
    body = email_page.content.decode()
    assert "Not shown: it holds a private link" in body
    assert "/account/password/reset/" not in body

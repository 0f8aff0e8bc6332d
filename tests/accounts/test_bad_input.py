"""Hostile values in every account form: a clear answer, never a 500, nothing
changed. These run on PostgreSQL in CI too, which refuses NUL in text."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Address, Customer, StockAlert
from tests.factories import PASSWORD, make_customer, make_product

pytestmark = pytest.mark.django_db
User = get_user_model()

HOSTILE = [
    "nul\x00byte@example.org",
    "x" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202eevil@example.org",
    "",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_the_public_forms(client, value):
    make_customer("rosa@example.org")
    sold_out = make_product(stock=0)
    for path, data in [
        ("/account/sign-in/", {"username": value, "password": value}),
        ("/account/sign-up/", {"email": value, "password": value}),
        ("/account/password/forgotten/", {"email": value}),
        ("/account/alerts/new/", {"product": sold_out.pk, "email": value}),
        ("/account/alerts/new/", {"product": value, "email": "a@example.org"}),
    ]:
        response = client.post(path, data)
        assert response.status_code in (200, 400, 404), (path, response.status_code)
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert User.objects.count() == 1
    assert not StockAlert.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_the_signed_in_forms(client, value):
    user = make_customer("rosa@example.org")
    client.force_login(user)
    for path, data in [
        ("/account/email/", {"new_email": value, "password": PASSWORD}),
        ("/account/password/", {"old_password": value, "new_password1": value}),
        ("/account/delete/", {"password": value}),
        (
            "/account/addresses/new/",
            {"name": value, "line1": value, "city": value, "country": value},
        ),
    ]:
        response = client.post(path, data)
        assert response.status_code == 400, (path, response.status_code)
    user.refresh_from_db()
    assert user.email == "rosa@example.org" and user.check_password(PASSWORD)
    assert Customer.objects.get().pending_email == ""
    assert not Address.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/account/verify/%00/%00/",
        "/account/verify/" + "A" * 300 + "/x/",
        "/account/password/reset/MQ/not-a-token/",
        "/account/email/confirm/MTIzNDU2Nzg5MDEyMzQ1Njc4OTA/x-y/",
        "/account/alerts/confirm/" + "x" * 500 + "/",
        "/account/alerts/unsubscribe/%00/",
        "/account/save/%00/",
    ],
)
def test_hostile_links_are_refused_without_an_error(client, path):
    assert client.get(path).status_code in (400, 404)

"""Compulsory two-factor for staff (STAFF_REQUIRE_2FA): whoever has no
authenticator app is sent to set one up before any other admin page, and
signs in with its code from then on. Off, nothing changes."""

import re
from base64 import b32decode

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
ENROL = "/admin/two-factor/"
PASSWORD = "correct horse battery"


@pytest.fixture
def required(settings):
    settings.STAFF_REQUIRE_2FA = True


@pytest.fixture(params=["superuser", "staff"])
def staff(request, django_user_model):
    return django_user_model.objects.create_user(
        "kim",
        password=PASSWORD,
        is_staff=True,
        is_superuser=request.param == "superuser",
    )


def log_in(client, code=""):
    return client.post(
        LOGIN, {"username": "kim", "password": PASSWORD, "otp_token": code}
    )


def admin_urls():
    """Every admin page a staff member could ask for first."""
    urls = ["/admin/", "/admin/password_change/", "/admin/no-such-page/"]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse("admin:app_list", args=[opts.app_label]))
    return sorted(set(urls))


def secret_on(page):
    """Return the secret the enrolment page shows as text."""
    found = re.search(r'<code id="two-factor-secret">([A-Z2-7 ]+)</code>', page)
    assert found, page
    return found.group(1).replace(" ", "")


def code_from(secret, *, steps=0):
    """What an authenticator app given ``secret`` shows now."""
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time += steps * 30
    return f"{totp.token():06d}"


def test_staff_without_an_app_are_sent_to_set_one_up_from_every_admin_page(
    required, client, staff
):
    assert log_in(client).status_code == 302
    urls = admin_urls()
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{ENROL}?next="), url
    page = client.get(f"{ENROL}?next=/admin/catalog/product/")
    assert page.status_code == 200
    assert "Set up two-factor sign-in" in page.text
    assert "Set one up to carry on." in page.text
    assert 'src="data:image/svg+xml' in page.text  # the QR code
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    # Signing out still works.
    assert client.post("/admin/logout/").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_staff_set_up_an_app_then_sign_in_with_its_code(required, client, staff):
    log_in(client)
    page = client.get(f"{ENROL}?next=/admin/catalog/product/").text
    secret = secret_on(page)
    assert secret == secret_on(client.get(ENROL).text)  # a reload: the same

    done = client.post(
        ENROL, {"otp_token": code_from(secret), "next": "/admin/catalog/product/"}
    )
    assert done.status_code == 302
    assert done["Location"] == "/admin/catalog/product/"
    home = client.get("/admin/")
    assert home.status_code == 200
    assert "Your authenticator app is set up" in home.text
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed

    # The next sign-in needs the code.
    client.post("/admin/logout/")
    refused = log_in(client)
    assert "Enter the 6-digit code from your authenticator app." in refused.text
    assert client.get("/admin/").status_code == 302
    assert log_in(client, code_from(secret, steps=1)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_the_app_is_not_set_up(required, client, staff):
    log_in(client)
    secret = secret_on(client.get(ENROL).text)
    wrong = client.post(ENROL, {"otp_token": code_from(secret, steps=-10)})
    assert wrong.status_code == 200
    assert "That code is wrong or has expired" in wrong.text
    assert secret_on(wrong.text) == secret
    empty = client.post(ENROL, {"otp_token": ""})
    assert "This field is required." in empty.text
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302  # still sent to set one up


def test_the_way_back_after_setting_up_stays_on_this_site(required, client, staff):
    log_in(client)
    secret = secret_on(client.get(ENROL).text)
    done = client.post(
        ENROL, {"otp_token": code_from(secret), "next": "https://evil.example/"}
    )
    assert done["Location"] == "/admin/"


def test_signed_in_elsewhere_without_a_password_check_here_the_rule_still_holds(
    required, client, staff
):
    # The shop's own sign-in page opens a session with the password alone.
    client.force_login(staff)
    response = client.get("/admin/trade/invoice/")
    assert response["Location"].startswith(ENROL)


def test_off_staff_without_an_app_use_admin_as_before(settings, client, staff):
    settings.STAFF_REQUIRE_2FA = False
    assert "leave empty otherwise" in client.get(LOGIN).text
    assert log_in(client).status_code == 302
    for url in admin_urls():
        # Shown, or refused for want of a permission: never sent elsewhere.
        expected = {200, 404} if staff.is_superuser else {200, 403, 404}
        assert client.get(url).status_code in expected, url
    assert client.get("/admin/").status_code == 200
    assert not TOTPDevice.objects.exists()


def test_customers_are_not_asked_to_set_up_an_app(required, client, staff):
    staff.is_staff = staff.is_superuser = False
    staff.save()
    client.force_login(staff)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/login/")
    assert client.get(ENROL)["Location"].startswith("/admin/login/")
    assert not TOTPDevice.objects.exists()


def test_off_staff_may_still_set_up_an_app_there(settings, client, staff):
    settings.STAFF_REQUIRE_2FA = False
    log_in(client)
    page = client.get(ENROL).text
    assert "Set one up to carry on." not in page
    assert client.post(ENROL, {"otp_token": code_from(secret_on(page))})[
        "Location"
    ] == ("/admin/")
    client.post("/admin/logout/")
    assert "Enter the 6-digit code" in log_in(client).text

"""Optional two-factor for staff: whoever has set up an authenticator app
(a TOTP device) must give its code to reach admin; others sign in as before."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "kim", password=PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="Kim's phone")


def code_now(device, *, steps=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += steps * device.step
    return f"{totp.token():0{device.digits}d}"


def log_in(client, code="", password=PASSWORD):
    return client.post(
        LOGIN, {"username": "kim", "password": password, "otp_token": code}
    )


def in_admin(client):
    return client.get("/admin/").status_code == 200


def test_staff_without_an_app_sign_in_with_their_password_alone(client, staff):
    page = client.get(LOGIN).text
    assert "Code from your authenticator app" in page
    assert "leave empty otherwise" in page
    assert log_in(client).status_code == 302
    assert in_admin(client)


def test_staff_with_an_app_must_give_its_code(client, device):
    refused = log_in(client)
    assert refused.status_code == 200
    assert "Enter the 6-digit code from your authenticator app." in refused.text
    assert not in_admin(client)

    assert log_in(client, code_now(device)).status_code == 302
    assert in_admin(client)


def test_a_wrong_or_old_code_is_refused(client, device):
    wrong = log_in(client, code_now(device, steps=-10))
    assert "That code is wrong or has expired" in wrong.text
    assert not in_admin(client)


def test_a_code_works_once(client, device):
    code = code_now(device)
    assert log_in(client, code).status_code == 302
    client.logout()
    again = log_in(client, code)
    assert again.status_code == 200 and not in_admin(client)


def test_a_wrong_password_with_a_right_code_is_still_refused(client, device):
    response = log_in(client, code_now(device), password="guess")
    assert "Please enter the correct username and password" in response.text
    assert not in_admin(client)


def test_a_session_opened_with_the_password_alone_is_sent_back_for_the_code(
    client, staff, device
):
    # The shop's own sign-in page, or a session from before the app was added.
    client.force_login(staff)
    response = client.get("/admin/trade/invoice/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    page = client.get(response["Location"]).text
    assert "with the code from your authenticator app" in page


def test_staff_add_an_app_in_admin_and_scan_its_qr_code(admin_client, admin_user):
    response = admin_client.post(
        "/admin/otp_totp/totpdevice/add/",
        {
            "user": admin_user.pk,
            "name": "Phone",
            "key": TOTPDevice().key,
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "confirmed": "on",
            "throttling_failure_count": 0,
        },
    )
    assert response.status_code == 302, response.text[:2000]
    device = TOTPDevice.objects.get(user=admin_user)
    qr = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")
    assert qr.status_code == 200
    assert qr["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in qr.content
    # The next sign-in needs the code.
    admin_client.logout()
    login = {"username": admin_user.username, "password": "password"}
    refused = admin_client.post(LOGIN, login)
    assert "Enter the 6-digit code" in refused.text
    assert admin_client.get("/admin/").status_code == 302
    admin_client.post(LOGIN, login | {"otp_token": code_now(device)})
    assert admin_client.get("/admin/").status_code == 200


def test_staff_with_two_apps_choose_which_one_the_code_is_from(client, device):
    tablet = TOTPDevice.objects.create(user=device.user, name="Kim's tablet")
    first = log_in(client, code_now(tablet))
    assert "Please select a device." in first.text
    assert "Kim&#x27;s tablet" in first.text or "Kim's tablet" in first.text
    response = client.post(
        LOGIN,
        {
            "username": "kim",
            "password": PASSWORD,
            "otp_device": tablet.persistent_id,
            "otp_token": code_now(tablet),
        },
    )
    assert response.status_code == 302 and in_admin(client)

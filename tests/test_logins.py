"""Password guessing is locked out per account and address (django-axes), the
lockout is a page that says so (429), staff can unlock, and passwords are
hashed with Argon2."""

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command

from shop import settings as production

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
WRONG = "Please enter the correct username and password"
LOCKED = "Sign-in is locked for a while"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "kim", password="correct horse battery", is_staff=True, is_superuser=True
    )


def log_in(client, password, username="kim", address="203.0.113.7", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client):
    return client.get("/admin/").status_code == 200


def lock_out(client, settings, **kwargs):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "guess", **kwargs)
        assert response.status_code == 200 and WRONG in response.text
    return log_in(client, "guess", **kwargs)


def test_wrong_passwords_lock_the_account_out_and_then_refuse_the_right_one(
    client, staff, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5
    locked = lock_out(client, settings)
    assert locked.status_code == 429 and LOCKED in locked.text
    response = log_in(client, "correct horse battery")
    assert response.status_code == 429
    assert LOCKED in response.text
    assert "After 5 wrong passwords" in response.text
    assert "locked for 15 minutes" in response.text
    assert response["Retry-After"] == "900"
    assert not signed_in(client)


def test_the_lockout_is_for_that_account_from_that_address_only(
    client, staff, settings, django_user_model
):
    django_user_model.objects.create_user(
        "sam", password="another good one", is_staff=True
    )
    lock_out(client, settings)
    assert log_in(client, "another good one", username="sam").status_code == 302
    client.logout()
    assert log_in(
        client, "correct horse battery", address="198.51.100.1"
    ).status_code == (302)
    assert signed_in(client)


def test_a_good_login_before_the_limit_clears_the_count(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "guess")
    assert log_in(client, "correct horse battery").status_code == 302
    client.logout()
    assert log_in(client, "guess").status_code == 200  # counting from one again


def test_staff_unlock_an_account_in_admin(client, staff, settings, django_user_model):
    lock_out(client, settings)
    colleague = django_user_model.objects.create_superuser("ali", password="pw-ali")
    helper = client.__class__()
    helper.force_login(colleague)
    attempts = helper.get("/admin/axes/accessattempt/")
    assert attempts.status_code == 200 and "kim" in attempts.text
    (attempt,) = attempts.context["cl"].result_list
    helper.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert log_in(client, "correct horse battery").status_code == 302
    assert signed_in(client)


def test_staff_unlock_an_account_with_a_command(client, staff, settings):
    lock_out(client, settings)
    call_command("axes_reset_username", "kim")
    assert log_in(client, "correct horse battery").status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, staff, settings):
    settings.SHOP_PROXY_COUNT = 1
    # A guesser who writes a new address into X-Forwarded-For each time is
    # still known by the address nginx appended.
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(
            client,
            "guess",
            address="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.9",
        )
    assert response.status_code == 429
    other = log_in(
        client,
        "correct horse battery",
        address="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert other.status_code == 302


def test_passwords_are_hashed_with_argon2_and_old_hashes_upgrade_at_login(
    client, staff, settings
):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    staff.password = make_password("correct horse battery", hasher="pbkdf2_sha256")
    staff.save()
    assert log_in(client, "correct horse battery").status_code == 302
    staff.refresh_from_db()
    assert staff.password.startswith("argon2$argon2id$")
    assert staff.check_password("correct horse battery")


def test_a_username_longer_than_axes_keeps_is_refused_like_any_wrong_one(client):
    # The admin form hands a 5,000-character name to authenticate(); axes
    # records it cut to its column, so PostgreSQL has nothing to refuse.
    from axes.models import AccessAttempt

    long_name = "a" * 5000 + "@example.org"
    response = log_in(client, "guess", username=long_name)

    assert response.status_code == 200
    assert WRONG in response.content.decode()
    attempt = AccessAttempt.objects.get()
    assert attempt.username == long_name[:255]

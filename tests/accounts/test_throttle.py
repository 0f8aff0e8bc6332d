"""Sign-up, password reset and change of email are limited per address and per
client: over the limit a 429 page and no email; after the window they work."""

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import throttle
from accounts.models import RequestCount
from outbox.models import Email
from tests.accounts.helpers import text
from tests.conftest import require
from tests.factories import PASSWORD, make_customer
from tests.test_valid_html import VNU_JAR, validate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    settings.ACCOUNT_EMAILS_PER_ADDRESS = 3
    settings.ACCOUNT_REQUESTS_PER_CLIENT = 6
    settings.ACCOUNT_LIMIT_MINUTES = 60


@pytest.fixture
def clock(monkeypatch):
    """Move the throttle's clock: ``clock(minutes)`` from now."""
    start = timezone.now()

    def move(minutes):
        monkeypatch.setattr(
            throttle, "_now", lambda: start + timedelta(minutes=minutes)
        )

    move(0)
    return move


def sign_up(client, committing, email, ip="203.0.113.7", **headers):
    with committing():
        return client.post(
            "/account/sign-up/",
            {"email": email, "password": PASSWORD},
            REMOTE_ADDR=ip,
            **headers,
        )


def ask_reset(client, committing, email, ip="203.0.113.7"):
    with committing():
        return client.post(
            "/account/password/forgotten/", {"email": email}, REMOTE_ADDR=ip
        )


def emails_to(address):
    return Email.objects.filter(to=address).count()


def test_the_fourth_sign_up_for_one_address_within_the_hour_is_refused_without_email(
    client, committing, clock
):
    for _ in range(3):
        assert sign_up(client, committing, "rosa@example.org").status_code == 200
    assert emails_to("rosa@example.org") == 3

    clock(59)
    refused = sign_up(client, committing, "Rosa@Example.org ")

    assert refused.status_code == 429
    assert "Please wait a while" in text(refused)
    assert "try again in 1 minute" in text(refused)
    assert refused["Retry-After"] == "60"
    assert emails_to("rosa@example.org") == 3
    # Another address from the same client is not affected.
    assert sign_up(client, committing, "emma@example.org").status_code == 200
    assert emails_to("emma@example.org") == 1


def test_after_the_window_the_address_may_ask_again(client, committing, clock):
    for _ in range(4):
        sign_up(client, committing, "rosa@example.org")
    assert emails_to("rosa@example.org") == 3

    clock(60)
    assert sign_up(client, committing, "rosa@example.org").status_code == 200
    assert emails_to("rosa@example.org") == 4
    clock(61)
    assert sign_up(client, committing, "rosa@example.org").status_code == 200
    assert emails_to("rosa@example.org") == 5


def test_a_reset_refusal_reads_the_same_whether_or_not_the_address_has_an_account(
    client, committing, mailoutbox, clock
):
    make_customer("rosa@example.org")
    for _ in range(3):
        assert ask_reset(client, committing, "rosa@example.org").status_code == 302
        assert ask_reset(client, committing, "nobody@example.org").status_code == 302
    assert [m.to for m in mailoutbox] == [["rosa@example.org"]] * 3

    known = ask_reset(client, committing, "rosa@example.org", ip="198.51.100.1")
    unknown = ask_reset(client, committing, "nobody@example.org", ip="198.51.100.1")

    assert known.status_code == unknown.status_code == 429
    assert text(known) == text(unknown)
    assert len(mailoutbox) == 3
    assert emails_to("rosa@example.org") == 3


def test_sign_up_and_reset_share_one_allowance_per_address(client, committing, clock):
    make_customer("rosa@example.org")
    sign_up(client, committing, "rosa@example.org")
    ask_reset(client, committing, "rosa@example.org")
    sign_up(client, committing, "rosa@example.org")
    assert ask_reset(client, committing, "rosa@example.org").status_code == 429
    assert emails_to("rosa@example.org") == 3


def test_one_client_is_limited_across_addresses_and_others_are_not(
    client, committing, clock
):
    for n in range(6):
        response = sign_up(client, committing, f"reader{n}@example.org")
        assert response.status_code == 200

    refused = sign_up(client, committing, "reader6@example.org")
    assert refused.status_code == 429
    assert "from your connection" in text(refused)
    assert emails_to("reader6@example.org") == 0
    # A refused client does not use up the address's own allowance.
    elsewhere = sign_up(client, committing, "reader6@example.org", ip="198.51.100.9")
    assert elsewhere.status_code == 200
    assert emails_to("reader6@example.org") == 1
    clock(61)
    assert sign_up(client, committing, "reader7@example.org").status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_client_count(
    client, committing, clock
):
    for n in range(6):
        sign_up(client, committing, f"reader{n}@example.org")
    forged = sign_up(
        client,
        committing,
        "reader6@example.org",
        HTTP_X_FORWARDED_FOR="192.0.2.44",
    )
    assert forged.status_code == 429


def test_behind_a_proxy_each_client_is_counted_by_its_forwarded_address(
    client, committing, clock, settings
):
    settings.SHOP_PROXY_COUNT = 1
    for n in range(6):
        sign_up(
            client, committing, f"r{n}@example.org", HTTP_X_FORWARDED_FOR="192.0.2.1"
        )
    assert (
        sign_up(
            client, committing, "r6@example.org", HTTP_X_FORWARDED_FOR="192.0.2.1"
        ).status_code
        == 429
    )
    other = sign_up(
        client, committing, "r6@example.org", HTTP_X_FORWARDED_FOR="192.0.2.2"
    )
    assert other.status_code == 200


def test_invalid_forms_are_answered_400_and_not_counted(client, committing, clock):
    for _ in range(8):
        response = client.post(
            "/account/sign-up/", {"email": "rosa@example.org", "password": "short"}
        )
        assert response.status_code == 400
    assert sign_up(client, committing, "rosa@example.org").status_code == 200


def test_the_counts_hold_neither_email_nor_ip_addresses(client, committing, clock):
    sign_up(client, committing, "rosa@example.org")
    stored = " ".join(f"{row.scope} {row.key}" for row in RequestCount.objects.all())
    assert RequestCount.objects.count() == 2
    assert "rosa" not in stored and "203.0.113" not in stored


def test_old_counts_are_removed_when_their_window_has_ended(client, committing, clock):
    sign_up(client, committing, "rosa@example.org")
    clock(61)
    sign_up(client, committing, "emma@example.org", ip="198.51.100.3")
    assert RequestCount.objects.count() == 2


def test_a_change_of_email_is_limited_like_a_sign_up(client, committing, clock):
    customer = make_customer("rosa@example.org")
    client.force_login(customer)
    answers = []
    for _ in range(4):
        with committing():
            response = client.post(
                "/account/email/",
                {"new_email": "victim@example.org", "password": PASSWORD},
            )
        answers.append(response.status_code)
    assert answers == [200, 200, 200, 429]
    assert emails_to("victim@example.org") == 3


def test_the_429_pages_are_valid_html(client, committing, clock, tmp_path):
    require(VNU_JAR.exists(), f"no Nu HTML Checker at {VNU_JAR} (npm vnu-jar)")
    require(shutil.which("java"), "no java to run the Nu HTML Checker")
    for n in range(6):
        sign_up(client, committing, f"reader{n}@example.org")
    for _ in range(3):
        sign_up(client, committing, "rosa@example.org", ip="198.51.100.1")
    pages = {
        "client": sign_up(client, committing, "x@example.org"),
        "address": sign_up(client, committing, "rosa@example.org", ip="198.51.100.1"),
    }
    assert {name: page.status_code for name, page in pages.items()} == {
        "client": 429,
        "address": 429,
    }
    html = {name: page.content.decode() for name, page in pages.items()}
    assert validate(html, tmp_path) == []

"""Applying for a trade account, and staff approving or declining it."""

import pytest

from tests.factories import APPLICATION, make_customer, make_trade_account
from trade.models import Member, TradeAccount

pytestmark = pytest.mark.django_db


def test_a_signed_in_customer_applies_and_staff_are_told(
    client, committing, mailoutbox
):
    user = make_customer("lucy@example.org")
    client.force_login(user)
    assert b"Apply for a trade account" in client.get("/trade/apply/").content
    with committing():
        response = client.post("/trade/apply/", APPLICATION, follow=True)
    assert "we will email you when we have decided" in response.content.decode()
    account = TradeAccount.objects.get()
    assert account.status == TradeAccount.Status.PENDING
    assert account.organisation == "Freedom Infoshop"
    assert str(account.discount_percent) == "35.00"
    assert account.payment_days == 30
    assert Member.objects.get().customer.user == user
    [mail] = mailoutbox
    assert mail.to == ["orders@localhost"]
    assert "Freedom Infoshop" in mail.subject
    assert f"/admin/trade/tradeaccount/{account.pk}/change/" in mail.body
    home = client.get("/trade/").content.decode()
    assert "will email you when we have decided" in home


def test_signing_in_comes_before_applying(client):
    response = client.post("/trade/apply/", APPLICATION)
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]
    assert not TradeAccount.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"organisation": ""},
        {"website": "not a link"},
        {"sells_through": "warehouse"},
        {"country": "XX"},
        {"city": "\x00"},
    ],
)
def test_an_incomplete_application_is_refused_and_nothing_is_saved(client, change):
    client.force_login(make_customer())
    response = client.post("/trade/apply/", APPLICATION | change)
    assert response.status_code == 400
    assert "Please check" in response.content.decode()
    assert not TradeAccount.objects.exists()


def test_a_member_cannot_apply_again(client):
    user = make_customer()
    make_trade_account(user, status="pending")
    client.force_login(user)
    response = client.post("/trade/apply/", APPLICATION | {"organisation": "Again"})
    assert response.status_code == 302
    assert TradeAccount.objects.count() == 1


def _act(admin_client, action, account):
    return admin_client.post(
        "/admin/trade/tradeaccount/",
        {"action": action, "_selected_action": [account.pk]},
        follow=True,
    )


def test_staff_approve_and_the_applicant_is_emailed(
    admin_client, committing, mailoutbox
):
    user = make_customer("lucy@example.org")
    account = make_trade_account(user, status="pending")
    with committing():
        response = _act(admin_client, "approve", account)
    assert "Approved and emailed: Freedom Infoshop" in response.content.decode()
    account.refresh_from_db()
    assert account.status == TradeAccount.Status.APPROVED
    assert account.decided_at is not None
    [mail] = mailoutbox
    assert mail.to == ["lucy@example.org"]
    assert "trade account is open" in mail.subject
    assert "35% off" in mail.body
    assert "https://shop.example.org/trade/" in mail.body


def test_staff_decline_with_a_reason_and_the_applicant_is_emailed(
    admin_client, committing, mailoutbox
):
    account = make_trade_account(
        make_customer("lucy@example.org"),
        status="pending",
        decline_reason="We only supply shops in the UK for now.",
    )
    with committing():
        _act(admin_client, "decline", account)
    account.refresh_from_db()
    assert account.status == TradeAccount.Status.DECLINED
    [mail] = mailoutbox
    assert mail.to == ["lucy@example.org"]
    assert "We only supply shops in the UK for now." in mail.body


def test_a_decided_account_is_not_decided_again(admin_client, committing, mailoutbox):
    account = make_trade_account(status="approved")
    with committing():
        response = _act(admin_client, "decline", account)
    assert "left alone" in response.content.decode()
    account.refresh_from_db()
    assert account.status == TradeAccount.Status.APPROVED
    assert not mailoutbox


def test_an_account_has_several_members(admin_client):
    first, second = make_customer(), make_customer()
    account = make_trade_account(first)
    Member.objects.create(account=account, customer=second.customer)
    assert account.members.count() == 2
    page = admin_client.get(f"/admin/trade/tradeaccount/{account.pk}/change/")
    assert page.status_code == 200


def test_the_trade_home_follows_the_application(client):
    user = make_customer()
    client.force_login(user)
    assert client.get("/trade/")["Location"] == "/trade/apply/"
    account = make_trade_account(user, status="pending")
    assert b"will email you when we have decided" in client.get("/trade/").content
    TradeAccount.objects.filter(pk=account.pk).update(status="declined")
    assert b"could not open a trade account" in client.get("/trade/").content
    TradeAccount.objects.filter(pk=account.pk).update(status="approved")
    assert b"35% off most cover prices" in client.get("/trade/").content

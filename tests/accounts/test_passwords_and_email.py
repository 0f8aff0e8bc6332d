"""Forgotten password, change of password and change of email."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Customer
from checkout.models import Order
from tests.accounts.helpers import link_in, messages_of, text
from tests.factories import PASSWORD, make_customer, make_order, make_product

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW = "a-new-long-password-42"


def ask_reset(client, committing, email):
    with committing():
        return client.post(
            "/account/password/forgotten/", {"email": email}, follow=True
        )


def test_a_reset_answers_alike_whether_or_not_the_address_has_an_account(
    client, committing, mailoutbox
):
    make_customer("rosa@example.org")
    known = ask_reset(client, committing, "ROSA@example.org")
    unknown = ask_reset(client, committing, "nobody@example.org")
    assert text(known) == text(unknown)
    assert "If that address has an account" in text(known)
    assert [m.to for m in mailoutbox] == [["rosa@example.org"]]


def test_the_reset_link_sets_a_new_password_signs_in_and_then_dies(
    client, committing, mailoutbox
):
    user = make_customer("rosa@example.org")
    ask_reset(client, committing, "rosa@example.org")
    link = link_in(mailoutbox[-1], "/account/password/reset/")

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in text(form_page)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW, "new_password2": NEW},
        follow=True,
    )

    assert "Your new password is set and you are signed in." in messages_of(done)
    user.refresh_from_db()
    assert user.check_password(NEW)
    client.post("/account/sign-out/")
    again = client.get(link, follow=True)
    assert again.status_code == 400
    assert "This link no longer works" in text(again)


def test_a_reset_confirms_an_unconfirmed_account_and_links_its_orders(
    client, committing, mailoutbox, postage
):
    _, posted, _ = postage
    order = make_order((make_product(), 1), method=posted, email="rosa@example.org")
    user = make_customer("rosa@example.org", verified=False)
    ask_reset(client, committing, "rosa@example.org")
    link = client.get(link_in(mailoutbox[-1], "/account/password/reset/")).url
    client.post(link, {"new_password1": NEW, "new_password2": NEW})
    assert Customer.objects.get(user=user).is_verified
    assert Order.objects.get(pk=order.pk).user == user


def test_changing_the_password_needs_the_old_one(client):
    user = make_customer()
    client.force_login(user)
    wrong = client.post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 400
    assert "Your old password was entered incorrectly" in text(wrong)
    right = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Your password is changed." in messages_of(right)
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert "_auth_user_id" in client.session  # still signed in


def change_email(client, committing, new, password=PASSWORD):
    with committing():
        return client.post("/account/email/", {"new_email": new, "password": password})


def test_a_new_email_is_used_only_once_its_link_is_followed(
    client, committing, mailoutbox, postage
):
    _, posted, _ = postage
    under_new = make_order((make_product(), 1), method=posted, email="new@example.org")
    user = make_customer("old@example.org")
    client.force_login(user)

    response = change_email(client, committing, "New@Example.org")

    assert "Check your email" in text(response)
    user.refresh_from_db()
    assert user.email == "old@example.org"
    assert mailoutbox[-1].to == ["new@example.org"]
    link = link_in(mailoutbox[-1], "/account/email/confirm/")
    with committing():
        done = client.get(link, follow=True)
    assert "Your email address is now new@example.org." in messages_of(done)
    user.refresh_from_db()
    assert user.email == user.username == "new@example.org"
    assert mailoutbox[-1].to == ["old@example.org"]
    assert "is now new@example.org" in mailoutbox[-1].body
    assert Order.objects.get(pk=under_new.pk).user == user
    assert client.get(link).status_code == 400  # used


def test_an_email_in_use_gets_the_same_answer_and_its_owner_is_told(
    client, committing, mailoutbox
):
    make_customer("taken@example.org")
    user = make_customer("me@example.org")
    client.force_login(user)
    taken = change_email(client, committing, "taken@example.org")
    free = change_email(client, committing, "free@example.org")
    assert text(taken).replace("taken", "X") == text(free).replace("free", "X")
    assert "already has one" in mailoutbox[0].body
    assert mailoutbox[0].to == ["taken@example.org"]
    user.refresh_from_db()
    assert user.email == "me@example.org"


def test_a_change_of_email_needs_the_password_and_a_real_new_address(client):
    user = make_customer("me@example.org")
    client.force_login(user)
    for data, problem in [
        ({"new_email": "x@example.org", "password": "wrong"}, "not your password"),
        ({"new_email": "me@example.org", "password": PASSWORD}, "already your"),
        ({"new_email": "<script>", "password": PASSWORD}, "valid email"),
    ]:
        response = client.post("/account/email/", data)
        assert response.status_code == 400
        assert problem in text(response)
    assert Customer.objects.get(user=user).pending_email == ""


def test_an_older_email_link_dies_when_a_newer_change_is_asked_for(
    client, committing, mailoutbox
):
    user = make_customer("me@example.org")
    client.force_login(user)
    change_email(client, committing, "first@example.org")
    first = link_in(mailoutbox[-1], "/account/email/confirm/")
    change_email(client, committing, "second@example.org")
    assert client.get(first).status_code == 400
    user.refresh_from_db()
    assert user.email == "me@example.org"


def test_an_address_taken_before_the_link_is_followed_is_refused(
    client, committing, mailoutbox
):
    user = make_customer("me@example.org")
    client.force_login(user)
    change_email(client, committing, "later@example.org")
    link = link_in(mailoutbox[-1], "/account/email/confirm/")
    make_customer("later@example.org")
    response = client.get(link)
    assert response.status_code == 409
    assert "belongs to another account" in text(response)
    user.refresh_from_db()
    assert user.email == "me@example.org"

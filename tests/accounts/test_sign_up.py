"""Opening an account: the same answer for any address, confirmed by link and
password before anything is linked, then signing in and out by email."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Address, Customer
from accounts.tokens import email_tokens, uid_for
from checkout.models import Order
from outbox.models import Email
from tests.accounts.helpers import link_in, messages_of, text
from tests.factories import PASSWORD, make_customer, make_order, make_product

pytestmark = pytest.mark.django_db
User = get_user_model()


def sign_up(client, committing, email, password=PASSWORD):
    with committing():
        return client.post("/account/sign-up/", {"email": email, "password": password})


def test_sign_up_answers_alike_whether_or_not_the_address_has_an_account(
    client, committing, mailoutbox
):
    make_customer("taken@example.org", password="the-owners-password")

    new = sign_up(client, committing, "new@example.org")
    taken = sign_up(client, committing, "Taken@Example.org")

    assert new.status_code == taken.status_code == 200
    assert text(new).replace("new@example.org", "X") == text(taken).replace(
        "taken@example.org", "X"
    )
    assert [m.to for m in mailoutbox] == [["new@example.org"], ["taken@example.org"]]
    assert "/account/verify/" in mailoutbox[0].body
    assert "already has one" in mailoutbox[1].body
    owner = User.objects.get(username="taken@example.org")
    assert owner.check_password("the-owners-password")  # nobody can pre-set it


def test_an_account_is_stored_by_its_email_in_lower_case_and_unconfirmed(
    client, committing, mailoutbox
):
    sign_up(client, committing, "  Rosa@Example.ORG ")
    user = User.objects.get()
    assert user.username == user.email == "rosa@example.org"
    assert not user.customer.is_verified
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("email", "password", "problem"),
    [
        ("not-an-email", PASSWORD, "Enter a valid email address"),
        ("a@example.org", "12345678901", "entirely numeric"),
        ("a@example.org", "short", "too short"),
        ("a@example.org", "password123", "too common"),
        ("x" * 200 + "@example.org", PASSWORD, "at most 150"),
        ("a@example.org", "", "This field is required"),
    ],
)
def test_bad_sign_ups_are_refused_with_a_reason_and_create_nothing(
    client, committing, mailoutbox, email, password, problem
):
    response = sign_up(client, committing, email, password)
    assert response.status_code == 400
    assert problem in text(response)
    assert not User.objects.exists() and not mailoutbox


def test_the_emailed_link_asks_for_the_password_then_confirms_and_links_orders(
    client, committing, mailoutbox, postage
):
    _, posted, _ = postage
    product = make_product(title="Mutual Aid")
    earlier = make_order((product, 1), method=posted, email="Rosa@Example.org")
    someone_elses = make_order((product, 1), method=posted, email="b@example.org")
    sign_up(client, committing, "rosa@example.org")
    link = link_in(mailoutbox[-1], "/account/verify/")

    assert "Enter the password you chose" in text(client.get(link))
    wrong = client.post(link, {"password": "not-it"})
    assert wrong.status_code == 400
    assert "That is not your password" in text(wrong)
    assert not Customer.objects.get().is_verified

    done = client.post(link, {"password": PASSWORD}, follow=True)

    assert "Your earlier order now appears in My account" in text(done)
    assert "Order " + earlier.number in text(done)
    assert someone_elses.number not in text(done)
    user = User.objects.get()
    assert user.customer.is_verified
    assert list(Order.objects.filter(user=user)) == [earlier]
    address = Address.objects.get()
    assert (address.line1, address.is_default) == (earlier.line1, True)


def test_a_used_or_tampered_link_no_longer_works(client, committing, mailoutbox):
    sign_up(client, committing, "rosa@example.org")
    link = link_in(mailoutbox[-1], "/account/verify/")
    client.post(link, {"password": PASSWORD})
    client.post("/account/sign-out/")

    assert client.get(link).status_code == 400
    assert client.post(link, {"password": PASSWORD}).status_code == 400
    other = make_customer("other@example.org", verified=False)
    uid, token = link.strip("/").split("/")[-2:]
    forged = f"/account/verify/{uid_for(other)}/{token}/"
    assert client.post(forged, {"password": PASSWORD}).status_code == 400
    assert not Customer.objects.get(user=other).is_verified
    assert client.get("/account/verify/x/y/").status_code == 400


def test_a_stranger_cannot_take_over_an_account_they_opened_for_someone_else(
    client, committing, mailoutbox
):
    # The stranger signs up with the victim's address; the victim follows
    # the link but does not know the stranger's password, so nothing happens.
    sign_up(client, committing, "victim@example.org", "strangers-password-1")
    link = link_in(mailoutbox[-1], "/account/verify/")
    assert client.post(link, {"password": PASSWORD}).status_code == 400
    assert not Customer.objects.get().is_verified


def test_sign_in_by_email_in_any_case_and_sign_out(client):
    make_customer("rosa@example.org")
    response = client.post(
        "/account/sign-in/",
        {"username": "ROSA@example.org", "password": PASSWORD},
        follow=True,
    )
    assert "You are signed in." in messages_of(response)
    assert "My account" in text(response)
    out = client.post("/account/sign-out/", follow=True)
    assert "You are signed out." in text(out)
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client):
    make_customer("rosa@example.org")
    wrong = client.post(
        "/account/sign-in/", {"username": "rosa@example.org", "password": "nope"}
    )
    unknown = client.post(
        "/account/sign-in/", {"username": "nobody@example.org", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 200
    assert "do not match an account" in text(wrong)
    assert text(wrong).replace("rosa", "X") == text(unknown).replace("nobody", "X")


def test_an_unconfirmed_account_cannot_sign_in_and_gets_a_new_link(
    client, committing, mailoutbox
):
    make_customer("rosa@example.org", verified=False)
    with committing():
        response = client.post(
            "/account/sign-in/", {"username": "rosa@example.org", "password": PASSWORD}
        )
    assert "Please confirm your email address first" in text(response)
    assert "_auth_user_id" not in client.session
    assert "/account/verify/" in mailoutbox[-1].body


def test_sign_out_is_a_post(client):
    make_customer("rosa@example.org")
    client.force_login(User.objects.get())
    assert client.get("/account/sign-out/").status_code == 405
    assert "_auth_user_id" in client.session


def test_the_header_offers_sign_in_or_my_account(client):
    assert "Sign in" in text(client.get("/"))
    client.force_login(make_customer())
    assert "My account" in text(client.get("/"))


def test_save_your_details_after_a_guest_order_needs_only_a_password(
    client, committing, mailoutbox, postage
):
    _, posted, _ = postage
    order = make_order((make_product(title="Mutual Aid"), 1), method=posted)
    page = client.get(order.get_absolute_url())
    assert "Save your details for next time" in text(page)

    with committing():
        response = client.post(f"/account/save/{order.token}/", {"password": PASSWORD})

    assert "Check your email" in text(response)
    assert mailoutbox[-1].to == [order.email]
    link = link_in(mailoutbox[-1], "/account/verify/")
    done = client.post(link, {"password": PASSWORD}, follow=True)
    assert order.number in text(done)
    assert "Save your details" not in text(client.get(order.get_absolute_url()))


def test_the_confirmation_email_offers_to_save_the_details(
    committing, mailoutbox, postage
):
    _, posted, _ = postage
    with committing():
        order = make_order((make_product(), 1), method=posted)
    confirmation = next(m for m in mailoutbox if m.to == [order.email])
    assert link_in(confirmation, "/account/save/") == f"/account/save/{order.token}/"


def test_save_details_for_an_unknown_order_is_404_and_a_weak_password_400(
    client, postage
):
    assert client.get("/account/save/no-such-token/").status_code == 404
    _, posted, _ = postage
    order = make_order((make_product(), 1), method=posted)
    response = client.post(f"/account/save/{order.token}/", {"password": "123"})
    assert response.status_code == 400
    assert not User.objects.exists()


def test_a_link_older_than_three_days_no_longer_works(
    client, committing, mailoutbox, monkeypatch
):
    sign_up(client, committing, "rosa@example.org")
    link = link_in(mailoutbox[-1], "/account/verify/")
    later = datetime.now() + timedelta(days=3, minutes=1)
    monkeypatch.setattr(email_tokens, "_now", lambda: later)
    response = client.post(link, {"password": PASSWORD})
    assert response.status_code == 400
    assert "more than three days old" in text(response)
    assert not Customer.objects.get().is_verified


def test_sign_in_is_throttled_like_the_admins(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_customer("rosa@example.org")
    wrong = {"username": "rosa@example.org", "password": "guess"}
    for _ in range(2):
        assert client.post("/account/sign-in/", wrong).status_code == 200
    locked = client.post("/account/sign-in/", wrong)
    assert locked.status_code == 429
    right = client.post(
        "/account/sign-in/", {"username": "rosa@example.org", "password": PASSWORD}
    )
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_checks_on_account_pages_count_towards_the_lockout(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    user = make_customer("rosa@example.org")
    client.force_login(user)
    for _ in range(2):
        client.post("/account/delete/", {"password": "guess"})
    response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 429
    assert User.objects.filter(pk=user.pk).exists()


def test_account_emails_are_recorded_in_the_outbox_with_the_change(client):
    client.post("/account/sign-up/", {"email": "new@example.org", "password": PASSWORD})
    email = Email.objects.get()
    assert (email.kind, email.to) == ("accounts.verify_account", "new@example.org")
    assert "/account/verify/" in email.body and email.html

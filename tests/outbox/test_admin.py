"""Staff see unsent, failed and interrupted emails in admin and send them again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from outbox import services as outbox
from outbox.models import Email
from tests.factories import make_order, make_postage, make_product

pytestmark = pytest.mark.django_db

Status = Email.Status


def email(subject, **fields):
    row = outbox.queue_message(to="reader@example.org", subject=subject, body="Hi")
    Email.objects.filter(pk=row.pk).update(**fields)
    return row


@pytest.fixture
def emails():
    now = timezone.now()
    return {
        "waiting": email("Waiting", attempts=2, last_error="ConnectionRefusedError"),
        "failed": email("Gave up", status=Status.FAILED, attempts=10),
        "sent": email("Went out", status=Status.SENT, sent_at=now, attempts=1),
        "interrupted": email(
            "Cut off", status=Status.SENDING, claimed_at=now - timedelta(minutes=11)
        ),
        "sending": email("On its way", status=Status.SENDING, claimed_at=now),
    }


def subjects(response):
    return {e.subject for e in response.context["cl"].result_list}


def test_staff_filter_emails_by_how_their_delivery_went(admin_client, emails):
    page = "/admin/outbox/email/"
    assert subjects(admin_client.get(page + "?delivery=waiting")) == {"Waiting"}
    assert subjects(admin_client.get(page + "?delivery=failed")) == {"Gave up"}
    assert subjects(admin_client.get(page + "?delivery=interrupted")) == {"Cut off"}
    listing = admin_client.get(page)
    assert subjects(listing) == {e.subject for e in emails.values()}
    assert "ConnectionRefusedError" in listing.text


def test_send_again_sends_unsent_failed_and_interrupted_emails_only(
    admin_client, emails, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/outbox/email/",
            {
                "action": "send_again",
                "_selected_action": [e.pk for e in emails.values()],
            },
            follow=True,
        )
    assert "3 email(s) queued to send again." in response.text
    assert "2 email(s) left alone: already sent, or being sent right now." in (
        response.text
    )
    assert sorted(m.subject for m in mailoutbox) == ["Cut off", "Gave up", "Waiting"]
    statuses = dict(Email.objects.values_list("subject", "status"))
    assert statuses == {
        "Waiting": Status.SENT,
        "Gave up": Status.SENT,
        "Cut off": Status.SENT,
        "Went out": Status.SENT,
        "On its way": Status.SENDING,
    }


def test_an_order_email_links_to_its_order_and_shows_its_text(
    admin_client,
):
    make_postage()
    order = make_order((make_product(title="Mutual Aid"), 1))
    row = Email.objects.get(kind="checkout.confirmation")
    page = admin_client.get(f"/admin/outbox/email/{row.pk}/change/")
    assert page.status_code == 200
    assert f'href="/admin/checkout/order/{order.pk}/change/"' in page.text
    assert "Mutual Aid" in page.text
    assert "Send again" not in page.text  # an action of the list, not a form
    order_page = admin_client.get(f"/admin/checkout/order/{order.pk}/change/")
    assert f"Radical Books: Your order {order.number}" in order_page.text
    assert f"Radical Books: New order {order.number}" in order_page.text
    assert f'href="/admin/outbox/email/{row.pk}/change/"' in order_page.text


def test_staff_without_change_rights_cannot_send_again(
    client, emails, django_user_model
):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user(
        "viewer", password="pw-for-tests-only", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_email"))
    client.force_login(viewer)
    listing = client.get("/admin/outbox/email/")
    assert listing.status_code == 200
    assert "send_again" not in listing.text
    response = client.post(
        "/admin/outbox/email/",
        {"action": "send_again", "_selected_action": [emails["failed"].pk]},
    )
    assert Email.objects.get(pk=emails["failed"].pk).status == Status.FAILED
    assert response.status_code in (200, 302)

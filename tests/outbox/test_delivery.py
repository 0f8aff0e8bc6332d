"""Emails are recorded with the change that makes them and sent by the worker:
once, after the commit, retried with backoff while the mail server is down."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox import services as outbox
from outbox.models import Email

Status = Email.Status


def queue(**overrides):
    return outbox.queue_message(
        **{"to": "reader@example.org", "subject": "Hello", "body": "Text"} | overrides
    )


def make_due():
    """Let the backoff time pass: the waiting task and its email are due now."""
    past = timezone.now() - timedelta(seconds=1)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)
    Email.objects.filter(status=Status.UNSENT).update(next_attempt_at=past)


@pytest.mark.django_db
def test_an_email_and_its_delivery_roll_back_with_the_change(database_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the change failed")
    assert not Email.objects.exists()
    assert not DBTaskResult.objects.exists()

    email = queue()
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [email.pk]
    assert task.status == "READY"
    assert Email.objects.get().status == Status.UNSENT


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_is_down_is_retried_with_backoff(
    settings, mailoutbox, run_worker, mail_server_down
):
    settings.OUTBOX_RETRY_SECONDS = 60
    email = queue(subject="Your order 1001")
    before = timezone.now()

    run_worker()
    email.refresh_from_db()
    assert mailoutbox == []
    assert email.status == Status.UNSENT and email.attempts == 1
    assert "ConnectionRefusedError" in email.last_error
    first_wait = email.next_attempt_at - before
    assert timedelta(seconds=59) < first_wait < timedelta(seconds=70)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == email.next_attempt_at

    run_worker()  # too early: the retry waits for its time
    email.refresh_from_db()
    assert email.attempts == 1

    make_due()
    before = timezone.now()
    run_worker()
    email.refresh_from_db()
    assert email.attempts == 2 and email.status == Status.UNSENT
    assert (
        timedelta(seconds=119) < email.next_attempt_at - before < timedelta(seconds=130)
    )

    mail_server_down()  # … is back up
    make_due()
    run_worker()
    email.refresh_from_db()
    assert email.status == Status.SENT and email.attempts == 3
    assert email.sent_at is not None
    assert [m.subject for m in mailoutbox] == ["Your order 1001"]


@pytest.mark.django_db(transaction=True)
def test_after_its_last_attempt_an_email_fails_until_staff_send_it_again(
    settings, mailoutbox, run_worker, mail_server_down
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    email = queue()
    run_worker()
    make_due()
    run_worker()
    email.refresh_from_db()
    assert email.status == Status.FAILED and email.attempts == 2
    assert "ConnectionRefusedError" in email.last_error
    assert not DBTaskResult.objects.filter(status="READY").exists()

    mail_server_down()
    assert outbox.send_again(emails=Email.objects.all()) == 1
    run_worker()
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert len(mailoutbox) == 1
    # Sent is sent: sending again makes no second copy.
    assert outbox.send_again(emails=Email.objects.all()) == 0
    run_worker()
    assert len(mailoutbox) == 1


def test_backoff_doubles_up_to_an_hour(settings):
    settings.OUTBOX_RETRY_SECONDS = 60
    waits = [outbox.tasks.backoff(n).total_seconds() for n in range(1, 9)]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]


@pytest.mark.django_db
def test_without_a_database_backend_the_email_waits_for_the_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            queue()
            assert mailoutbox == []
    assert len(mailoutbox) == 1
    assert Email.objects.get().status == Status.SENT


@pytest.mark.django_db
def test_requeue_emails_sends_what_a_lost_task_left_unsent(
    mailoutbox, mail_server_down, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        queue()
    email = Email.objects.get()
    assert email.attempts == 1 and email.status == Status.UNSENT
    assert "ConnectionRefusedError" in email.last_error
    mail_server_down()
    call_command("requeue_emails")
    assert len(mailoutbox) == 0  # not due yet
    Email.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=4))
    call_command("requeue_emails")
    assert len(mailoutbox) == 0  # due, but maybe still in the queue: wait
    Email.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=6))
    call_command("requeue_emails")
    assert len(mailoutbox) == 1
    assert Email.objects.get().status == Status.SENT


def locmem_templates(settings, templates):
    """Serve templates from memory, as a deploy adding or removing files would."""
    engine = settings.TEMPLATES[0] | {"APP_DIRS": False}
    options = {k: v for k, v in engine["OPTIONS"].items() if k != "loaders"}
    loaders = [("django.template.loaders.locmem.Loader", templates)]
    settings.TEMPLATES = [engine | {"OPTIONS": options | {"loaders": loaders}}]


@pytest.mark.django_db(transaction=True)
def test_an_email_the_worker_cannot_render_stays_queued_with_the_error_and_is_retried(
    settings, mailoutbox, run_worker
):
    settings.OUTBOX_RETRY_SECONDS = 60
    locmem_templates(settings, {})  # the template is missing: rendering fails
    (email,) = outbox.queue_later(
        outbox.Draft(
            to="reader@example.org",
            subject="Your receipt",
            template="emails/receipt",
            context={"name": "Ada", "paid": Decimal("4.25")},
        )
    )
    run_worker()
    email.refresh_from_db()
    assert mailoutbox == []
    assert email.status == Status.UNSENT and email.attempts == 1
    assert "TemplateDoesNotExist: emails/receipt.txt" in email.last_error
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the retry

    locmem_templates(settings, {"emails/receipt.txt": "{{ name }} paid {{ paid }}"})
    make_due()
    run_worker()
    email.refresh_from_db()
    assert email.status == Status.SENT and email.attempts == 2
    (message,) = mailoutbox
    assert (message.subject, message.body) == ("Your receipt", "Ada paid 4.25")
    assert email.body == "Ada paid 4.25"


def test_a_context_the_worker_could_not_rebuild_is_refused_when_queued():
    with pytest.raises(TypeError, match="cannot keep object"):
        outbox.queue_later(
            outbox.Draft(
                to="a@example.org", subject="S", template="t", context={"x": object()}
            )
        )

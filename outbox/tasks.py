"""Delivery of queued emails by the task worker, with retries and backoff.

Exactly once, as far as a mail server allows: the task first claims the email
(unsent → sending, committed at once), then sends it, then marks it sent.
Two workers, or a retry racing a staff "send again", cannot both claim it. If
the worker dies after the claim, the email stays "sending" and is never sent
again by itself: the worker cannot know whether the mail server took it
before the crash, and a shopper getting a confirmation twice is worse than
staff seeing it listed as interrupted in admin (Emails, status "sending")
and sending it again. The window is one SMTP conversation, bounded by
EMAIL_TIMEOUT. A worker that dies before its claim leaves the email unsent,
and ``manage.py requeue_emails`` hands it to the worker again.

An email queued with ``services.queue_later`` is rendered here, after the
claim, from the context frozen when it was queued; the text is kept on the
row before sending, so a copy sent again is the same. A failure to render
(a template gone in a deploy, a bug) counts as a failed attempt: the email
stays unsent with the error and is retried, as when the mail server is down.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from shop.request_log import current_request_id

from . import contexts
from .models import Email

log = logging.getLogger(__name__)

Status = Email.Status


def stores_tasks_in_the_database() -> bool:
    """Whether a task enqueued in a transaction commits or rolls back with it."""
    from django_tasks_db import DatabaseBackend

    return isinstance(deliver.get_backend(), DatabaseBackend)


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: doubling from OUTBOX_RETRY_SECONDS, capped."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


@task
def deliver(email_id: int, request_id: str = "") -> str:
    """Send one queued email; return what happened.

    ``request_id`` is the request that queued it: shop.request_log logs the
    whole task under it, so the worker's lines match the web server's.
    """
    now = timezone.now()
    claimed = Email.objects.filter(pk=email_id, status=Status.UNSENT).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "not unsent: sent, being sent, failed or gone"
    email = Email.objects.get(pk=email_id)
    try:
        if not email.is_rendered:
            _render(email)
        email.message().send()
    except Exception as error:  # noqa: BLE001 - any failure is an attempt to retry
        return _failed(email, error)
    Email.objects.filter(pk=email_id, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )
    log.info("Email %s (%s) sent to %s", email.pk, email.kind, email.to)
    return "sent"


def _render(email: Email) -> None:
    email.body, email.html = contexts.render(
        email.template, contexts.thaw(email.context)
    )
    Email.objects.filter(pk=email.pk, status=Status.SENDING).update(
        body=email.body, html=email.html
    )


def _failed(email: Email, error: Exception) -> str:
    now = timezone.now()
    message = f"{type(error).__name__}: {error}"[:2000]
    # A refused address will be refused again; anything else may pass later.
    final = email.attempts >= settings.OUTBOX_MAX_ATTEMPTS or isinstance(
        error, smtplib.SMTPRecipientsRefused
    )
    retry_at = now + backoff(email.attempts)
    Email.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=Status.FAILED if final else Status.UNSENT,
        last_error=message,
        next_attempt_at=now if final else retry_at,
        claimed_at=None,
    )
    if final:
        log.error("Email %s to %s failed for good: %s", email.pk, email.to, message)
        return f"failed: {message}"
    log.warning(
        "Email %s to %s not sent (attempt %s), retrying at %s: %s",
        email.pk,
        email.to,
        email.attempts,
        retry_at.isoformat(),
        message,
    )
    if deliver.get_backend().supports_defer:
        deliver.using(run_after=retry_at).enqueue(
            email.pk, request_id=current_request_id()
        )
    # Otherwise (the immediate backend) requeue_emails retries it when due.
    return f"retry at {retry_at.isoformat()}: {message}"

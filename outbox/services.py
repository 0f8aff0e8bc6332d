"""The outbox: emails recorded with the change that causes them, sent after.

Any app may import this module (it depends on Django and ``shop``). Inside the
transaction that changes state, call::

    from outbox import services as outbox

    outbox.queue_email(
        to=order.email,
        subject="Your order 1234",
        template="checkout/emails/paid",  # renders paid.txt and, if any, paid.html
        context={"order": order},
        about=order,  # shown and linked in admin
        kind="checkout.paid",
    )

or ``outbox.queue_message(to=…, subject=…, body=…, html=…)`` for text already
made. ``outbox.queue_later(Draft(…), …)`` queues emails that the worker renders
instead, from their context frozen now (``outbox.contexts``): the transaction
pays for a copy of the context rather than for the templates, and the email
still says what was true when it was queued.

The row is saved in the caller's transaction: a rollback takes the email
with it, a commit makes it durable. With the database task backend the
delivery task is saved in the same transaction too, so an email whose change
committed is sent even if the process dies the next instant; the worker
(``manage.py db_worker``) sends it, retrying with backoff while the mail server
is down (see ``outbox.tasks``). Other task backends are handed the delivery
after the commit; ``manage.py requeue_emails`` picks up any they lost.
"""

from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid, parseaddr
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from shop.request_log import current_request_id

from . import contexts, tasks
from .models import Email

REQUEUE_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class Draft:
    """An email for ``queue_later``: the worker renders ``template`` from
    ``context`` as it is when queued."""

    to: str
    subject: str
    template: str
    context: dict
    about: Model | None = None
    kind: str = ""
    reply_to: str = ""
    from_email: str = ""


def queue_email(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict | None = None,
    about: Model | None = None,
    kind: str = "",
    reply_to: str = "",
    from_email: str = "",
) -> Email:
    """Render ``template``.txt (and .html when it exists) and queue the email."""
    body, html = contexts.render(template, context)
    return queue_message(
        to=to,
        subject=subject,
        body=body,
        html=html,
        about=about,
        kind=kind,
        reply_to=reply_to,
        from_email=from_email,
    )


def queue_message(
    *,
    to: str,
    subject: str,
    body: str,
    html: str = "",
    about: Model | None = None,
    kind: str = "",
    reply_to: str = "",
    from_email: str = "",
    headers: dict[str, str] | None = None,
    private: bool = False,
) -> Email:
    """Record an email to ``to`` in the current transaction; send it after."""
    email = _email(
        kind=kind,
        to=to,
        from_email=from_email,
        reply_to=reply_to,
        subject=subject,
        body=body,
        html=html,
        headers=headers or {},
        private=private,
        about=about,
    )
    email.save(force_insert=True)
    _deliver(email.pk)
    return email


def queue_later(*drafts: Draft) -> list[Email]:
    """Record emails in the current transaction, rendered and sent after.

    Each draft's context is frozen now (``contexts.freeze``: TypeError for
    what it cannot keep); the worker renders it before the first attempt, and
    a failure to render is retried like a failure to send. One insert for the
    emails, then a delivery task for each.
    """
    emails = Email.objects.bulk_create(
        _email(
            kind=draft.kind,
            to=draft.to,
            from_email=draft.from_email,
            reply_to=draft.reply_to,
            subject=draft.subject,
            template=draft.template,
            context=contexts.freeze(draft.context),
            about=draft.about,
        )
        for draft in drafts
    )
    _deliver(*(email.pk for email in emails))
    return emails


def _email(*, from_email, subject, about, **fields) -> Email:
    from_email = from_email or settings.DEFAULT_FROM_EMAIL
    domain = parseaddr(from_email)[1].rpartition("@")[2] or "localhost"
    return Email(
        from_email=from_email,
        # Mail headers are single lines; a newline in a subject is refused.
        subject=" ".join(subject.split()),
        message_id=make_msgid(domain=domain),
        about_type=ContentType.objects.get_for_model(about) if about else None,
        about_id=str(about.pk) if about else "",
        **fields,
    )


def send_again(*, emails) -> int:
    """Queue unsent, failed and interrupted emails once more; return how many.

    Sent emails and those being sent right now are left alone, so a click
    never makes a second copy of an email that went out.
    """
    now = timezone.now()
    count = 0
    for pk in emails.sendable_again(now=now).values_list("pk", flat=True):
        with transaction.atomic():
            if (
                Email.objects.sendable_again(now=now)
                .filter(pk=pk)
                .update(status=Email.Status.UNSENT, attempts=0, next_attempt_at=now)
            ):
                _deliver(pk)
                count += 1
    return count


def requeue_due(*, now=None) -> int:
    """Hand the worker every email overdue by REQUEUE_AFTER; return how many.

    For deliveries a task backend lost (its worker died holding the task, or
    the process died before an after-commit hand-over). An email merely
    waiting its turn in the queue may get a second task: harmless, as only
    one task can claim it; the margin keeps that rare.
    """
    now = now or timezone.now()
    overdue = Email.objects.due(now=now - REQUEUE_AFTER)
    pks = list(overdue.values_list("pk", flat=True))
    for pk in pks:
        tasks.deliver.enqueue(pk)
    return len(pks)


def _deliver(*pks: int) -> None:
    # The worker logs the delivery under the id of the request that caused it.
    request_id = current_request_id()
    # One task per email: a worker killed while sending one leaves the
    # others' tasks waiting for the next worker, not for requeue_emails.
    for pk in pks:
        if tasks.stores_tasks_in_the_database():
            # Same transaction as the email and the change: all three or none.
            tasks.deliver.enqueue(pk, request_id=request_id)
        else:
            # The immediate backend would send before the commit; wait for it.
            transaction.on_commit(
                partial(tasks.deliver.enqueue, pk, request_id=request_id), robust=True
            )

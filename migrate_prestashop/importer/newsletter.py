"""Newsletter subscribers without an account (the ``blocknewsletter`` module).

Customers' own consent comes with their account (``PastCustomer``); the
module's table holds people who only typed their email into the newsletter
box. Only confirmed rows (``active = 1``) are consent; the others are listed
as skipped. Each subscriber keeps the old row's id, so one that staff delete
here (someone asked to be forgotten) is not brought back by a rerun.
"""

from django.db import transaction

from ..models import NewsletterSubscriber, PastCustomer
from ..source import as_datetime
from .customers import _valid_email
from .links import Linker

SOURCE = "the old shop's newsletter box"


def import_newsletter(ctx):
    report = ctx.report
    rows = ctx.source.newsletter_subscribers()
    if not rows:
        report.note(
            "The old shop had no newsletter subscribers without an account "
            "(no blocknewsletter table, or an empty one)."
        )
        return
    linker = Linker("subscriber", NewsletterSubscriber, report, name_field="email")
    by_email = {s.email: s for s in NewsletterSubscriber.objects.all()}
    for row in ctx.progress("subscribers", rows):
        old_id, email = row["id"], (row["email"] or "").strip().lower()
        since = as_datetime(row["newsletter_date_add"])
        if not _valid_email(email):
            report.skip("subscriber", old_id, "not an email address", detail=email)
            continue
        if not row["active"]:
            report.skip(
                "subscriber", old_id, "never confirmed or unsubscribed: no consent"
            )
            continue
        user = ctx.users_by_email.get(email)
        if user is not None:
            PastCustomer.objects.filter(user=user, newsletter=False).update(
                newsletter=True, newsletter_since=since
            )
            report.count("subscriber", "joined to their account")
            continue
        if linker.get(old_id) is None and old_id not in linker.links:
            same = by_email.get(email)
            if same is not None:
                linker.remember(old_id, same, {})
        with transaction.atomic():
            linker.upsert(
                old_id,
                {"email": email, "subscribed_at": since},
                on_create={"source": SOURCE},
            )

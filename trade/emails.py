"""Trade emails: plain text from ``templates/trade/emails/``, queued in the
shop's outbox with the change that causes them (a rollback sends nothing)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from outbox import services as outbox

SUBJECTS = {
    "applied": "New trade application: {organisation}",
    "approved": "Your trade account is open",
    "declined": "Your trade account application",
    "reminder": "Invoice {invoice} is overdue",
    "invoice": "Invoice {invoice}",
    "credit_note": "Credit note {credit_note} for invoice {invoice}",
}


def absolute(path: str) -> str:
    return settings.SHOP_URL.rstrip("/") + path


def send(kind: str, *, to: list[str], about=None, **context) -> None:
    """Render the ``kind`` email and queue one to each address in ``to``."""
    context |= {"SHOP_NAME": settings.SHOP_NAME, "SHOP_EMAIL": settings.SHOP_EMAIL}
    subject = f"{settings.SHOP_NAME}: " + SUBJECTS[kind].format(**context)
    body = render_to_string(f"trade/emails/{kind}.txt", context)
    for address in to:
        outbox.queue_message(
            to=address,
            subject=subject,
            body=body,
            reply_to=settings.SHOP_EMAIL,
            about=about,
            kind=f"trade.{kind}",
        )


def member_emails(account) -> list[str]:
    return [
        m.customer.user.email for m in account.members.select_related("customer__user")
    ]


def applied(account) -> None:
    send(
        "applied",
        to=[settings.SHOP_EMAIL],
        organisation=account.organisation,
        account=account,
        about=account,
        link=absolute(reverse("admin:trade_tradeaccount_change", args=[account.pk])),
    )


def decided(account) -> None:
    kind = "approved" if account.is_approved else "declined"
    send(
        kind,
        to=member_emails(account),
        account=account,
        about=account,
        link=absolute(reverse("trade:home")),
    )


def reminder(invoice) -> None:
    send(
        "reminder",
        to=member_emails(invoice.account),
        invoice=invoice.label,
        obj=invoice,
        about=invoice,
        link=absolute(invoice.get_absolute_url()),
    )


def invoice_issued(invoice) -> None:
    send(
        "invoice",
        to=member_emails(invoice.account),
        invoice=invoice.label,
        obj=invoice,
        about=invoice,
        link=absolute(invoice.get_absolute_url()),
    )


def credit_note_issued(note) -> None:
    send(
        "credit_note",
        to=member_emails(note.invoice.account),
        credit_note=note.label,
        invoice=note.invoice.label,
        obj=note,
        about=note,
        link=absolute(note.get_absolute_url()),
    )

"""Trade emails: plain text from ``templates/trade/emails/``, sent after commit.

Like the account emails, every message leaves through ``send``, the one
place to switch to the shop's durable outbox when it lands.
"""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

SUBJECTS = {
    "applied": "New trade application: {organisation}",
    "approved": "Your trade account is open",
    "declined": "Your trade account application",
    "reminder": "Invoice {invoice} is overdue",
    "invoice": "Invoice {invoice}",
}


def absolute(path: str) -> str:
    return settings.SHOP_URL.rstrip("/") + path


def send(kind: str, *, to: list[str], **context) -> None:
    """Render the ``kind`` email to ``to`` and send it once the change commits."""
    context |= {"SHOP_NAME": settings.SHOP_NAME, "SHOP_EMAIL": settings.SHOP_EMAIL}
    message = EmailMessage(
        subject=f"{settings.SHOP_NAME}: " + SUBJECTS[kind].format(**context),
        body=render_to_string(f"trade/emails/{kind}.txt", context),
        to=to,
        reply_to=[settings.SHOP_EMAIL],
    )
    transaction.on_commit(partial(message.send), robust=True)


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
        link=absolute(reverse("admin:trade_tradeaccount_change", args=[account.pk])),
    )


def decided(account) -> None:
    kind = "approved" if account.is_approved else "declined"
    send(
        kind,
        to=member_emails(account),
        account=account,
        link=absolute(reverse("trade:home")),
    )


def reminder(invoice) -> None:
    send(
        "reminder",
        to=member_emails(invoice.account),
        invoice=invoice.label,
        obj=invoice,
        link=absolute(invoice.get_absolute_url()),
    )


def invoice_issued(invoice) -> None:
    send(
        "invoice",
        to=member_emails(invoice.account),
        invoice=invoice.label,
        obj=invoice,
        link=absolute(invoice.get_absolute_url()),
    )

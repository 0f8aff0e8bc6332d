"""Account and stock-alert emails: plain text from ``templates/accounts/emails/``,
with the same words as HTML (links made clickable).

Every email leaves through ``send``, which records it in the shop's outbox in
the caller's transaction: a rolled-back change sends nothing, a committed one
is sent by the worker even if the process dies first.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from outbox import services as outbox

from .tokens import email_tokens, uid_for

SUBJECTS = {
    "verify_account": "Confirm your email address",
    "already_registered": "You already have an account",
    "verify_new_email": "Confirm your new email address",
    "email_changed": "Your email address was changed",
    "password_reset": "Choose a new password",
    "alert_confirm": "Confirm your alert for “{title}”",
    "back_in_stock": "“{title}” is back",
}


def absolute(path: str) -> str:
    """Return ``path`` on the shop's public address (emails go outside requests)."""
    return settings.SHOP_URL.rstrip("/") + path


# These hold a link that confirms an address or sets a password: the outbox
# never shows their text to staff.
PRIVATE = {"verify_account", "verify_new_email", "password_reset"}


def send(kind: str, *, to: str, about=None, headers=None, **context) -> None:
    """Render the ``kind`` email to ``to`` and queue it in the outbox."""
    context |= {"SHOP_NAME": settings.SHOP_NAME, "SHOP_EMAIL": settings.SHOP_EMAIL}
    body = render_to_string(f"accounts/emails/{kind}.txt", context)
    outbox.queue_message(
        to=to,
        subject=f"{settings.SHOP_NAME}: "
        + SUBJECTS[kind].format(title=context.get("title", "")),
        body=body,
        html=render_to_string("accounts/emails/base.html", context | {"body": body}),
        reply_to=settings.SHOP_EMAIL,
        headers=headers,
        private=kind in PRIVATE,
        about=about,
        kind=f"accounts.{kind}",
    )


def verify_account(user) -> None:
    token = email_tokens.make_token(user)
    link = absolute(reverse("accounts:verify", args=[uid_for(user), token]))
    send("verify_account", to=user.email, about=user.customer, link=link)


def already_registered(email: str) -> None:
    send(
        "already_registered",
        to=email,
        sign_in=absolute(reverse("accounts:sign_in")),
        reset=absolute(reverse("accounts:password_reset")),
    )


def verify_new_email(user) -> None:
    token = email_tokens.make_token(user)
    link = absolute(reverse("accounts:email_confirm", args=[uid_for(user), token]))
    send(
        "verify_new_email",
        to=user.customer.pending_email,
        about=user.customer,
        link=link,
        old_email=user.email,
    )


def email_changed(*, old_email: str, new_email: str) -> None:
    send("email_changed", to=old_email, new_email=new_email)


def password_reset(*, to: str, link: str, user=None) -> None:
    send("password_reset", to=to, about=getattr(user, "customer", None), link=link)


def _unsubscribe_headers(url: str) -> dict:
    # RFC 8058: mail programs offer their own one-click button that POSTs here.
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def alert_confirm(alert) -> None:
    unsubscribe = absolute(alert.get_unsubscribe_url())
    send(
        "alert_confirm",
        to=alert.email,
        about=alert,
        headers=_unsubscribe_headers(unsubscribe),
        title=alert.product.title,
        link=absolute(reverse("accounts:alert_confirm", args=[alert.token])),
        unsubscribe=unsubscribe,
    )


def back_in_stock(alert) -> None:
    unsubscribe = absolute(alert.get_unsubscribe_url())
    send(
        "back_in_stock",
        to=alert.email,
        about=alert,
        headers=_unsubscribe_headers(unsubscribe),
        title=alert.product.title,
        link=absolute(alert.product.get_absolute_url()),
        unsubscribe=unsubscribe,
    )

"""The order emails: plain text and HTML from ``templates/checkout/emails/``.

Services queue these in the transaction of a status change that a conditional
update allowed exactly once, so no event makes an email twice; the outbox
sends each after the commit, even if the process dies first. The outbox's
worker renders them (``outbox.queue_later``) from a copy of the order and its
lines taken when queued: a confirmation sent after the order was paid or
shipped still says what was true when it was placed.
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from outbox import services as outbox
from outbox.models import Email

from . import selectors

SUBJECTS = {
    "confirmation": "Your order {number}",
    "new_order": "New order {number}",
    "paid": "Payment received for order {number}",
    "reminder": "Reminder: order {number} is awaiting payment",
    "shipped": "Your order {number} is on its way",
    "cancelled": "Your order {number} has been cancelled",
    "payment_failed": "Payment for order {number} failed",
    "refunded": "Your order {number} has been refunded",
    "attention": "Order {number} needs attention",
}
TO_SHOP = {"new_order", "attention"}


def queue(kind: str, order_pk: int, *, note: str = "") -> Email:
    """Queue the ``kind`` email about the order (to the shop or the shopper)."""
    order = selectors.order_with_lines(order_pk)
    [email] = outbox.queue_later(
        _draft(kind, order, lines=order.lines.all(), note=note)
    )
    return email


def send_placed(order, *, lines) -> None:
    """Queue the confirmation and the shop's copy of an order just placed.

    ``order`` and ``lines`` are the rows ``place_order`` has just written, so
    nothing is read back; the outbox renders and sends both after the commit.
    """
    outbox.queue_later(
        *(_draft(kind, order, lines=lines) for kind in ("confirmation", "new_order"))
    )


def _draft(kind: str, order, *, lines, note: str = "") -> outbox.Draft:
    shop_url = settings.SHOP_URL.rstrip("/")
    to_shop = kind in TO_SHOP
    context = {
        "order": order,
        "lines": list(lines),
        "note": note,
        "to_shop": to_shop,
        "shop_url": shop_url,
        "cancel_on": order.created_at + timedelta(days=settings.OFFLINE_ORDER_DAYS),
        "SHOP_NAME": settings.SHOP_NAME,
        "SHOP_EMAIL": settings.SHOP_EMAIL,
        # The shop is sent to its admin page, the shopper to their own.
        "order_url": shop_url
        + (
            reverse("admin:checkout_order_change", args=[order.pk])
            if to_shop
            else order.get_absolute_url()
        ),
    }
    return outbox.Draft(
        to=settings.SHOP_EMAIL if to_shop else order.email,
        subject=f"{settings.SHOP_NAME}: " + SUBJECTS[kind].format(number=order.number),
        template=f"checkout/emails/{kind}",
        context=context,
        reply_to=settings.SHOP_EMAIL,
        about=order,
        kind=f"checkout.{kind}",
    )


def send_after_commit(kind: str, order, **kwargs) -> None:
    """Record the ``kind`` email about ``order`` in this transaction; the
    outbox sends it after the commit.

    Recorded with the change, it survives a crash after the commit, and a mail
    server that is down never turns an order already committed (or a webhook
    already recorded) into an error page.
    """
    queue(kind, order.pk, **kwargs)

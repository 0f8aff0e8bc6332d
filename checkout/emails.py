"""The order emails: plain text and HTML from ``templates/checkout/emails/``.

Services queue these with ``transaction.on_commit`` after a status change that
a conditional update allowed exactly once, so no event sends an email twice.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

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


def send(kind: str, order_pk: int, *, note: str = "") -> None:
    """Send the ``kind`` email about the order (to the shop or the shopper)."""
    order = selectors.order_with_lines(order_pk)
    shop_url = settings.SHOP_URL.rstrip("/")
    to_shop = kind in TO_SHOP
    context = {
        "order": order,
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
    to = settings.SHOP_EMAIL if to_shop else order.email
    message = EmailMultiAlternatives(
        subject=f"{settings.SHOP_NAME}: " + SUBJECTS[kind].format(number=order.number),
        body=render_to_string(f"checkout/emails/{kind}.txt", context),
        to=[to],
        reply_to=[settings.SHOP_EMAIL],
    )
    message.attach_alternative(
        render_to_string(f"checkout/emails/{kind}.html", context), "text/html"
    )
    message.send()


def send_after_commit(kind: str, order, **kwargs) -> None:
    """Send the ``kind`` email about ``order`` once the transaction commits."""
    # Robust: a mail server that is down is logged, and never turns an order
    # already committed (or a webhook already recorded) into an error page.
    transaction.on_commit(partial(send, kind, order.pk, **kwargs), robust=True)

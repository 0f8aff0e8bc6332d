"""Every order email, read as the shopper or the shop would read it."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from checkout import emails, sweep
from checkout.models import Order
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db

SHOPPER_KINDS = [
    "confirmation",
    "paid",
    "reminder",
    "shipped",
    "cancelled",
    "payment_failed",
    "refunded",
]


@pytest.fixture
def strict_templates(settings):
    """Make a misspelt template variable show up in the email text."""
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "BROKEN[%s]"
    settings.SHOP_URL = "https://shop.example.org/"
    settings.BANK_TRANSFER_DETAILS = "Sort code 11-22-33, account 12345678"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Queue an order email and let the commit hand it to the outbox."""

    def send(kind, order, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            emails.queue(kind, order.pk, **kwargs)

    return send


def parts(message):
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return message.body, html


@pytest.mark.parametrize("kind", SHOPPER_KINDS + ["new_order", "attention"])
def test_every_email_has_both_parts_totals_and_an_absolute_link(
    kind, postage, mailoutbox, strict_templates, settings, send
):
    order = make_order(
        (make_product(title="Mutual Aid", price=Decimal("4.25")), 2),
        note="Ring twice",
    )
    send(kind, order, note="Something to check.")
    (message,) = mailoutbox
    text, html = parts(message)
    for part in (text, html):
        assert "BROKEN[" not in part and "{{" not in part and "{%" not in part
        assert "None" not in part
        assert order.number in part
        assert "£8.50" in part and "£2.50" in part and "£11.00" in part
        assert "2 × Mutual Aid @ £4.25" in part
    to_shop = kind in ("new_order", "attention")
    assert message.to == [settings.SHOP_EMAIL if to_shop else "reader@example.org"]
    assert message.reply_to == [settings.SHOP_EMAIL]
    link = (
        f"https://shop.example.org/admin/checkout/order/{order.pk}/change/"
        if to_shop
        else f"https://shop.example.org/checkout/order/{order.token}/"
    )
    assert link in text and f'href="{link}"' in html
    assert "shop.example.org//" not in text


def test_confirmation_tells_how_to_pay_by_bank_transfer_and_cheque(
    postage, mailoutbox, strict_templates, send
):
    transfer = make_order((make_product(price=Decimal("3.00")), 1))
    cheque = make_order((make_product(), 1), payment_method="cheque")
    send("confirmation", transfer)
    send("confirmation", cheque)
    text, html = parts(mailoutbox[0])
    assert f"Please pay £5.50 by bank transfer, quoting {transfer.number}." in text
    assert "Sort code 11-22-33, account 12345678" in text
    assert "Sort code 11-22-33, account 12345678" in html
    text, _ = parts(mailoutbox[1])
    assert "by cheque" in text and "Cheques payable to" in text


def test_collection_orders_are_never_promised_the_post(
    postage, mailoutbox, strict_templates, send
):
    _, _, collect = postage
    order = make_order((make_product(), 1), method=collect, payment_method="collection")
    send("confirmation", order)
    Order.objects.filter(pk=order.pk).update(status="paid")
    for kind in ("paid", "shipped", "new_order"):
        send(kind, order)
    bodies = " ".join(m.body for m in mailoutbox)
    assert "post" not in re.sub(r"Postage|postage", "", bodies).lower()
    assert "ready to collect" in bodies and "To collect:" in bodies
    assert "Please pay £4.00 when you collect your order from the shop." in bodies
    assert "by pay on collection" not in bodies


def test_the_shop_notice_names_the_country_and_the_reminder_the_deadline(
    postage, mailoutbox, strict_templates, settings, send
):
    settings.OFFLINE_ORDER_DAYS = 14
    order = make_order((make_product(), 1), note="Gift wrap")
    send("new_order", order)
    send("reminder", order)
    notice, reminder = mailoutbox
    assert "Bristol BS1 1AA, United Kingdom" in notice.body
    assert "Note: Gift wrap" in notice.body
    deadline = (order.created_at + timedelta(days=14)).strftime("%-d %B %Y")
    assert f"If we have not received it by {deadline}" in reminder.body


def test_a_cancellation_by_the_sweep_says_why(
    postage, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.OFFLINE_ORDER_DAYS = 14
    order = make_order((make_product(), 1))
    Order.objects.filter(pk=order.pk).update(
        created_at=order.created_at - timedelta(days=15)
    )
    with django_capture_on_commit_callbacks(execute=True):
        sweep.sweep_unpaid_orders()
    (message,) = [m for m in mailoutbox if "cancelled" in m.subject]
    assert "Reason: Not paid within 14 days." in message.body
    assert "nothing was charged" in message.body

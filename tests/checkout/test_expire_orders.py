from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from checkout.models import Order
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db


def age(order, **delta):
    created = timezone.now() - timedelta(**delta)
    Order.objects.filter(pk=order.pk).update(created_at=created)


def run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_orders", stdout=open("/dev/null", "w"))


def test_offline_orders_get_one_reminder_then_are_cancelled_with_stock_back(
    postage, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.OFFLINE_REMINDER_DAYS, settings.OFFLINE_ORDER_DAYS = 7, 14
    book = make_product(stock=5)
    fresh = make_order((book, 1))
    late = make_order((book, 1))
    mailoutbox.clear()
    age(late, days=8)
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    assert [m.subject.split(": ", 1)[1] for m in mailoutbox] == [
        f"Reminder: order {late.number} is awaiting payment"
    ]
    age(late, days=15)
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    late.refresh_from_db()
    fresh.refresh_from_db()
    book.refresh_from_db()
    assert (late.status, fresh.status) == ("cancelled", "awaiting_payment")
    assert book.stock == 4
    assert mailoutbox[-1].subject.endswith(
        f"Your order {late.number} has been cancelled"
    )
    assert len(mailoutbox) == 2


def test_card_orders_whose_expiry_never_came_are_checked_with_stripe(
    postage, stripe_fake, django_capture_on_commit_callbacks
):
    from checkout import card

    book = make_product(stock=5)
    lost = make_order((book, 1), payment_method="card")
    paid = make_order((book, 1), payment_method="card")
    recent = make_order((book, 1), payment_method="card")
    for order in (lost, paid, recent):
        card.start_payment(order=order, success_url="x", cancel_url="y")
        order.refresh_from_db()
    stripe_fake.sessions[lost.stripe_session_id]["status"] = "expired"
    stripe_fake.pay(paid.stripe_session_id)
    age(lost, hours=27)
    age(paid, hours=27)
    run(django_capture_on_commit_callbacks)
    statuses = [Order.objects.get(pk=o.pk).status for o in (lost, paid, recent)]
    assert statuses == ["expired", "paid", "awaiting_payment"]
    book.refresh_from_db()
    assert book.stock == 3


def test_card_orders_are_swept_an_hour_after_their_session_closed(
    postage, stripe_fake, django_capture_on_commit_callbacks
):
    from checkout import card

    book = make_product(stock=5)
    closed = make_order((book, 1), payment_method="card")
    not_yet = make_order((book, 1), payment_method="card")
    for order in (closed, not_yet):
        card.start_payment(order=order, success_url="x", cancel_url="y")
        order.refresh_from_db()
        stripe_fake.sessions[order.stripe_session_id]["status"] = "expired"
    age(closed, minutes=121)  # a 60-minute session and the hour's margin
    age(not_yet, minutes=100)
    run(django_capture_on_commit_callbacks)
    assert Order.objects.get(pk=closed.pk).status == "expired"
    assert Order.objects.get(pk=not_yet.pk).status == "awaiting_payment"
    book.refresh_from_db()
    assert book.stock == 4


def test_the_sweep_leaves_an_order_whose_stripe_session_is_still_open(
    postage, stripe_fake, django_capture_on_commit_callbacks
):
    # Stripe keeps a session open as long as it says: the shopper may be
    # paying right now, so the order and its stock wait for Stripe's word.
    from checkout import card

    book = make_product(stock=5)
    order = make_order((book, 1), payment_method="card")
    card.start_payment(order=order, success_url="x", cancel_url="y")
    order.refresh_from_db()
    assert stripe_fake.sessions[order.stripe_session_id]["status"] == "open"
    age(order, hours=27)
    run(django_capture_on_commit_callbacks)
    order.refresh_from_db()
    book.refresh_from_db()
    assert (order.status, book.stock) == ("awaiting_payment", 4)
    session_path = f"/v1/checkout/sessions/{order.stripe_session_id}"
    assert stripe_fake.calls(session_path, method="get")  # Stripe was asked
    assert not stripe_fake.calls(session_path + "/expire")

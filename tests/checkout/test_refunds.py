"""Refunds as the service records them: from Stripe's answer, never assumed."""

from decimal import Decimal

import pytest

from checkout import card, payments, services
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_card_order(postage, stripe_fake):
    """A card order for 2 copies (of 5) at £3.00, paid through Stripe: £8.50."""
    book = make_product(price=Decimal("3.00"), stock=5)
    order = make_order((book, 2), payment_method="card")
    card.start_payment(order=order, success_url="s", cancel_url="c")
    order.refresh_from_db()
    card.fulfil_checkout_session(session=stripe_fake.pay(order.stripe_session_id))
    order.refresh_from_db()
    assert (order.status, order.total) == ("paid", Decimal("8.50"))
    return order, book


def state(order, book):
    order.refresh_from_db()
    book.refresh_from_db()
    return order.status, book.stock


def test_refunding_a_shipped_order_leaves_its_stock_sold(postage):
    # The books went out in the post: refunding the money brings none back.
    book = make_product(stock=5)
    order = make_order((book, 2))
    services.mark_paid(order=order)
    services.mark_shipped(order=order, tracking_reference="RM123")
    assert services.refund(order=order)
    assert state(order, book) == ("refunded", 3)
    assert not order.stock_released


def test_refunding_a_paid_order_not_yet_shipped_puts_its_stock_back(postage):
    book = make_product(stock=5)
    order = make_order((book, 2))
    services.mark_paid(order=order)
    assert services.refund(order=order)
    assert state(order, book) == ("refunded", 5)


@pytest.mark.parametrize("answer", ["canceled", "failed"])
def test_a_refund_stripe_cancels_or_fails_is_refused_and_changes_nothing(
    paid_card_order, stripe_fake, answer
):
    order, book = paid_card_order
    stripe_fake.refund_status = answer
    with pytest.raises(payments.PaymentError, match=f"the refund {answer}"):
        services.refund(order=order)
    assert state(order, book) == ("paid", 3)
    assert (order.stripe_refund_id, order.refunded_amount) == ("", None)


def test_a_pending_refund_is_recorded_as_pending_from_stripes_answer(
    paid_card_order, stripe_fake
):
    # Stripe has accepted the refund and completes it by itself; staff see
    # from the history that it was still pending.
    order, book = paid_card_order
    stripe_fake.refund_status = "pending"
    assert services.refund(order=order)
    assert state(order, book) == ("refunded", 5)
    note = order.status_changes.order_by("pk").last().note
    assert note == f"Stripe refund {order.stripe_refund_id}: £8.50 pending."


def test_the_refunded_amount_is_what_stripe_says_it_refunded(
    paid_card_order, stripe_fake
):
    order, _ = paid_card_order
    stripe_fake.refund_amount = 500  # not the order's £8.50
    services.refund(order=order)
    order.refresh_from_db()
    assert order.refunded_amount == Decimal("5.00")
    assert (
        order.status_changes.order_by("pk").last().note.endswith(": £5.00 succeeded.")
    )

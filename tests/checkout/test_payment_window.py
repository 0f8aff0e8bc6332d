"""When a card order can still be paid: to the second, at both edges."""

from datetime import timedelta

import pytest

from checkout import payments
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db

TICK = timedelta(microseconds=1)


@pytest.fixture
def card_order(postage, settings, stripe_fake):
    settings.STRIPE_SESSION_MINUTES = 60
    return make_order((make_product(), 1), payment_method="card")


def test_an_open_session_can_be_paid_until_the_moment_it_closes(card_order):
    card_order.stripe_session_id = "cs_test_open"
    closes = card_order.created_at + timedelta(minutes=60)
    assert payments.session_expires_at(card_order) == closes
    assert payments.session_window_open(card_order, now=closes - TICK)
    assert not payments.session_window_open(card_order, now=closes)


def test_a_new_session_needs_stripes_minimum_of_31_minutes_left(card_order):
    closes = card_order.created_at + timedelta(minutes=60)
    last_chance = closes - timedelta(minutes=31)
    assert payments.session_window_open(card_order, now=last_chance)
    assert not payments.session_window_open(card_order, now=last_chance + TICK)


@pytest.mark.parametrize(
    ("minutes", "lifetime"), [(1, 31), (31, 31), (90, 90), (1440, 1440), (5000, 1440)]
)
def test_the_session_lifetime_stays_within_what_stripe_allows(
    settings, minutes, lifetime
):
    settings.STRIPE_SESSION_MINUTES = minutes
    assert payments.session_lifetime() == timedelta(minutes=lifetime)

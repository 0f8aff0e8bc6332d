from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cart.models import CartLine
from checkout import payments
from checkout.models import Order
from tests.checkout.helpers import checkout, give_cart
from tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def card_order(client, postage, stripe_fake):
    """A shopper who chose card and was sent to Stripe's page."""
    _, posted, _ = postage
    book = make_product(title="Mutual Aid", price=Decimal("4.99"), stock=5)
    cart = give_cart(client, (book, 2))
    response = checkout(client, posted, "card")
    return Order.objects.get(), response, book, cart


def test_card_checkout_opens_a_stripe_session_with_the_orders_amounts_in_pence(
    card_order, stripe_fake
):
    order, response, book, cart = card_order
    assert response.status_code == 303
    assert response["Location"].startswith("https://checkout.stripe.com/")
    (call,) = stripe_fake.calls()
    params = call["params"]
    assert call["headers"]["Idempotency-Key"] == f"order-{order.number}-session"
    assert call["headers"]["Authorization"] == "Bearer sk_test_fake"
    assert params["client_reference_id"] == order.number
    assert params["metadata[order_number]"] == order.number
    assert params["line_items[0][price_data][unit_amount]"] == "499"
    assert params["line_items[0][price_data][currency]"] == "gbp"
    assert params["line_items[0][quantity]"] == "2"
    assert params["shipping_options[0][shipping_rate_data][fixed_amount][amount]"] == (
        "250"
    )
    assert params["success_url"].endswith(
        f"/checkout/order/{order.token}/paid/?session_id={{CHECKOUT_SESSION_ID}}"
    )
    assert params["cancel_url"].endswith(f"/checkout/order/{order.token}/cancelled/")
    # The session closes an hour after the order, so an abandoned payment
    # holds its stock for an hour, not Stripe's default day.
    closes = order.created_at + timedelta(minutes=60)
    assert params["expires_at"] == str(int(closes.timestamp()))
    session = stripe_fake.sessions[order.stripe_session_id]
    assert session["amount_total"] == 1248
    assert order.status == "awaiting_payment"
    book.refresh_from_db()
    assert book.stock == 3
    assert not CartLine.objects.filter(cart=cart).exists()


def test_success_page_marks_paid_only_when_stripe_says_so(
    client, card_order, stripe_fake, mailoutbox, django_capture_on_commit_callbacks
):
    order, *_ = card_order
    paid_url = (
        f"/checkout/order/{order.token}/paid/?session_id={order.stripe_session_id}"
    )
    # The shopper opens the success URL without having paid: nothing changes.
    response = client.get(paid_url, follow=True)
    assert "waiting for the card service" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "awaiting_payment"

    stripe_fake.pay(order.stripe_session_id)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(paid_url, follow=True)
        client.get(paid_url)
    order.refresh_from_db()
    assert order.status == "paid"
    assert "Paid" in response.content.decode()
    assert [m.to for m in mailoutbox] == [["reader@example.org"], ["orders@localhost"]]
    assert "We have your payment of £12.48" in mailoutbox[0].body


def test_success_page_with_another_session_id_changes_nothing(
    client, card_order, stripe_fake
):
    order, *_ = card_order
    stripe_fake.pay(order.stripe_session_id)
    client.get(f"/checkout/order/{order.token}/paid/?session_id=cs_test_forged")
    order.refresh_from_db()
    assert order.status == "awaiting_payment"


@pytest.mark.parametrize("failure", [500, "unreachable"])
def test_stripe_down_keeps_order_awaiting_payment_and_the_cart(
    client, postage, stripe_fake, failure
):
    _, posted, _ = postage
    book = make_product(title="Mutual Aid", stock=5)
    cart = give_cart(client, (book, 1))
    stripe_fake.fail_with = failure
    response = checkout(client, posted, "card")
    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()
    page = client.get(order.get_absolute_url()).content.decode()
    assert "We could not reach the card payment service" in page
    assert order.status == "awaiting_payment" and not order.stripe_session_id
    assert CartLine.objects.filter(cart=cart).count() == 1
    book.refresh_from_db()
    assert book.stock == 4
    # Retries reuse the order's idempotency key: never a second session.
    keys = {c["headers"]["Idempotency-Key"] for c in stripe_fake.calls()}
    assert keys == {f"order-{order.number}-session"}

    # Stripe is back: the order page's button sends the shopper to pay.
    stripe_fake.fail_with = None
    response = client.post(f"/checkout/order/{order.token}/pay/")
    assert response.status_code == 303
    assert response["Location"].startswith("https://checkout.stripe.com/")
    assert not CartLine.objects.filter(cart=cart).exists()


def test_placing_again_after_stripe_failed_replaces_the_unpaid_order(
    client, postage, stripe_fake
):
    _, posted, _ = postage
    book = make_product(stock=5)
    give_cart(client, (book, 2))
    stripe_fake.fail_with = 500
    checkout(client, posted, "card")
    stripe_fake.fail_with = None
    checkout(client, posted, "bank_transfer")
    first, second = Order.objects.order_by("pk")
    assert (first.status, second.status) == ("cancelled", "awaiting_payment")
    book.refresh_from_db()
    assert book.stock == 3


def test_cancel_on_stripes_page_restores_the_cart_and_returns_stock(
    client, card_order, stripe_fake
):
    order, _, book, cart = card_order
    response = client.get(f"/checkout/order/{order.token}/cancelled/", follow=True)
    assert response.redirect_chain[-1][0] == "/cart/"
    assert f"order {order.number} is cancelled" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "cancelled"
    lines = CartLine.objects.filter(cart=cart)
    assert [(line.product, line.quantity) for line in lines] == [(book, 2)]
    book.refresh_from_db()
    assert book.stock == 5
    # Stripe is told to close the session so it can no longer be paid.
    assert stripe_fake.sessions[order.stripe_session_id]["status"] == "expired"
    # Coming back to the cancel URL changes nothing more.
    client.get(f"/checkout/order/{order.token}/cancelled/")
    assert CartLine.objects.get(cart=cart).quantity == 2
    book.refresh_from_db()
    assert book.stock == 5


def test_payments_is_the_only_module_importing_stripe():
    from pathlib import Path

    root = Path(payments.__file__).resolve().parent.parent
    importers = [
        str(path.relative_to(root))
        for folder in ("shop", "catalog", "cart", "checkout")
        for path in (root / folder).rglob("*.py")
        if "import stripe" in path.read_text() or "from stripe" in path.read_text()
    ]
    assert importers == ["checkout/payments.py"]


def test_a_session_made_by_stripe_whose_answer_was_lost_is_the_one_paid(
    client, postage, stripe_fake
):
    _, posted, _ = postage
    book = make_product(stock=5)
    cart = give_cart(client, (book, 1))
    # Stripe makes the session, the answer is lost, and so is the retry's.
    stripe_fake.lose_answers = 2
    checkout(client, posted, "card")
    order = Order.objects.get()
    assert order.status == "awaiting_payment" and not order.stripe_session_id
    assert CartLine.objects.filter(cart=cart).exists()
    (made,) = stripe_fake.sessions

    # The next try (one lost answer, then the library's retry) finds it again.
    stripe_fake.lose_answers = 1
    response = client.post(f"/checkout/order/{order.token}/pay/")
    assert response.status_code == 303
    assert response["Location"] == f"https://checkout.stripe.com/c/pay/{made}"
    order.refresh_from_db()
    assert order.stripe_session_id == made
    assert list(stripe_fake.sessions) == [made]
    assert not CartLine.objects.filter(cart=cart).exists()


def test_the_cancel_url_after_paying_in_another_tab_keeps_the_paid_order(
    client, card_order, stripe_fake, mailoutbox, django_capture_on_commit_callbacks
):
    order, _, book, cart = card_order
    stripe_fake.pay(order.stripe_session_id)  # paid in another tab
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/checkout/order/{order.token}/cancelled/")
    assert response["Location"] == order.get_absolute_url()
    order.refresh_from_db()
    book.refresh_from_db()
    assert (order.status, book.stock) == ("paid", 3)
    assert not CartLine.objects.filter(cart=cart).exists()
    assert stripe_fake.sessions[order.stripe_session_id]["status"] == "complete"
    assert [m.subject.split(": ", 1)[1] for m in mailoutbox] == [
        f"Your order {order.number}",
        f"New order {order.number}",
    ]


def _age(order, minutes):
    Order.objects.filter(pk=order.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_paying_again_after_the_time_to_pay_ran_out_expires_the_order(
    client, postage, stripe_fake
):
    _, posted, _ = postage
    book = make_product(title="Mutual Aid", stock=5)
    cart = give_cart(client, (book, 1))
    stripe_fake.fail_with = 500
    checkout(client, posted, "card")
    order = Order.objects.get()
    stripe_fake.fail_with = None
    # 45 minutes on, a new session could only stay open 15 minutes: too short.
    _age(order, 45)
    calls_before = len(stripe_fake.calls())

    response = client.post(f"/checkout/order/{order.token}/pay/", follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/cart/"
    assert f"The time to pay for order {order.number} by card ran out" in page
    assert len(stripe_fake.calls()) == calls_before  # nothing asked of Stripe
    order.refresh_from_db()
    assert order.status == "expired" and order.stock_released
    book.refresh_from_db()
    assert book.stock == 5
    assert [line.quantity for line in CartLine.objects.filter(cart=cart)] == [1]


def test_a_session_past_its_closing_time_is_not_offered_again(
    client, card_order, stripe_fake
):
    order, _, book, _ = card_order
    _age(order, 61)
    calls_before = len(stripe_fake.calls())
    client.post(f"/checkout/order/{order.token}/pay/")
    assert len(stripe_fake.calls()) == calls_before
    order.refresh_from_db()
    assert order.status == "expired"
    book.refresh_from_db()
    assert book.stock == 5


def test_an_open_session_can_still_be_paid_until_it_closes(
    client, card_order, stripe_fake, monkeypatch
):
    order, *_ = card_order
    # 50 minutes on: too late for a new session, not for this one. The clock
    # moves, not the order, so Stripe is asked exactly what it was asked
    # first under the same idempotency key.
    later = timezone.now() + timedelta(minutes=50)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.post(f"/checkout/order/{order.token}/pay/")
    assert response.status_code == 303
    assert response["Location"].startswith("https://checkout.stripe.com/")
    order.refresh_from_db()
    assert order.status == "awaiting_payment"


def test_an_answer_lost_on_the_way_is_retried_under_the_same_key(
    client, postage, stripe_fake
):
    # Stripe made the session but its answer timed out: the retry asks the
    # very same thing under the same key and gets that session back.
    _, posted, _ = postage
    give_cart(client, (make_product(stock=5), 1))
    stripe_fake.lose_answers = 1
    response = checkout(client, posted, "card")
    assert response.status_code == 303
    first, retry = stripe_fake.calls()
    assert first["headers"]["Idempotency-Key"] == retry["headers"]["Idempotency-Key"]
    assert first["params"] == retry["params"]
    assert len(stripe_fake.sessions) == 1
    order = Order.objects.get()
    assert response["Location"] == stripe_fake.sessions[order.stripe_session_id]["url"]


def test_stripe_refuses_a_key_reused_for_a_different_request(postage, stripe_fake):
    from tests.factories import make_order

    order = make_order((make_product(), 1), payment_method="card")
    lines = list(order.lines.all())
    payments.create_session(order, lines=lines, success_url="/a", cancel_url="/c")
    with pytest.raises(payments.PaymentError, match="same parameters"):
        payments.create_session(
            order, lines=lines, success_url="/elsewhere", cancel_url="/c"
        )
    assert len(stripe_fake.sessions) == 1

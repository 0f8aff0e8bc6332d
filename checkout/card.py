"""Card payment through Stripe Checkout, as the shop sees it.

``payments`` speaks to Stripe; this module decides what Stripe's answers
mean for an order, through the status changes in ``services``. Whichever
report of a payment comes first (webhook, success page, sweep) acts; later
ones change nothing. A card payment that arrives after its order expired or
was cancelled (its stock already returned) makes the order paid only if the
stock can be taken again; otherwise the order keeps its status, is flagged
``needs_attention`` and the shop is emailed to refund it.
"""

import logging

from django.db import transaction
from django.utils import timezone

from cart import services as cart_services
from cart.models import Cart
from shop.money import format_money, to_pence

from . import payments, services, stock
from .emails import send_after_commit
from .exceptions import PaymentWindowClosed
from .models import Order, StatusChange

log = logging.getLogger(__name__)

Status = Order.Status
PAID_STATUSES = ("paid", "no_payment_required")  # Stripe's payment_status


def is_paid(session: dict) -> bool:
    """Return whether Stripe reports the Checkout Session paid."""
    return session.get("payment_status") in PAID_STATUSES


def start_payment(*, order: Order, success_url: str, cancel_url: str) -> str:
    """Open (or reopen, idempotently) the order's Stripe session; return its URL.

    Raises ``payments.PaymentError`` when Stripe cannot be reached; the order
    then stays awaiting payment with its stock held. Raises
    ``PaymentWindowClosed`` once the time to pay has run out: the order is
    expired and its stock returned, so an abandoned payment never holds the
    last copies for long.
    """
    if not payments.session_window_open(order, now=timezone.now()):
        reached_stripe = bool(order.stripe_session_id)
        services.expire(order=order, note="The time to pay by card ran out.")
        raise PaymentWindowClosed(
            [
                f"The time to pay for order {order.number} by card ran out, so "
                "we have cancelled it and put its items back on the shelf."
                + (
                    ""
                    if reached_stripe
                    else " Your cart still holds them: check out again when "
                    "you are ready."
                )
            ]
        )
    lines = list(order.lines.all())
    session = payments.create_session(
        order, lines=lines, success_url=success_url, cancel_url=cancel_url
    )
    Order.objects.filter(pk=order.pk).update(stripe_session_id=session["id"])
    order.stripe_session_id = session["id"]
    return session["url"]


def fulfil_checkout_session(*, session: dict) -> Order | None:
    """Act on a Checkout Session Stripe reported (webhook or success page).

    Idempotent: whichever report comes first marks the order paid; later ones
    change nothing. Returns the order, or None when the session is not ours.
    """
    order = _order_for_session(session)
    if order is None:
        return None
    if not is_paid(session):
        if session.get("payment_intent") and not order.stripe_payment_intent:
            Order.objects.filter(pk=order.pk).update(
                stripe_payment_intent=session["payment_intent"]
            )
        return order
    intent = session.get("payment_intent") or ""
    amount = session.get("amount_total")
    with transaction.atomic():
        current = Order.objects.select_for_update().get(pk=order.pk)
        if amount != to_pence(current.total) or session.get("currency") != "gbp":
            _flag(
                current,
                f"Stripe reports {amount} {session.get('currency')} paid for a "
                f"{format_money(current.total)} order: check and refund.",
                stripe_payment_intent=intent,
            )
            return current
        if current.is_awaiting_payment:
            _mark_paid(current, intent, note="Card payment confirmed by Stripe.")
        elif current.has_ended_unpaid and not current.needs_attention:
            _late_payment(current, intent)
    return current


def _mark_paid(order: Order, intent: str, *, note: str) -> None:
    if services.set_status(
        order,
        to=Status.PAID,
        note=note,
        paid_at=timezone.now(),
        stripe_payment_intent=intent,
    ):
        send_after_commit("confirmation", order)
        send_after_commit("new_order", order)


def _late_payment(order: Order, intent: str) -> None:
    """A payment for an order that had ended unpaid: sell it if stock allows."""
    short = stock.retake(order) if order.stock_released else []
    if short:
        _flag(
            order,
            "Paid by card after the order had ended, but "
            + " ".join(short)
            + " Refund the payment.",
            stripe_payment_intent=intent,
        )
        return
    _mark_paid(
        order,
        intent,
        note="Card payment confirmed by Stripe after the order had ended; "
        "stock taken again.",
    )


def _flag(order: Order, note: str, **fields) -> None:
    """Ask staff to look at the order, once."""
    if Order.objects.filter(pk=order.pk, needs_attention=False).update(
        needs_attention=True, **fields
    ):
        order.needs_attention = True
        StatusChange.objects.create(
            order=order, from_status=order.status, to_status=order.status, note=note
        )
        send_after_commit("attention", order, note=note)


def _order_for_session(session: dict) -> Order | None:
    metadata = session.get("metadata")
    number = session.get("client_reference_id") or (
        metadata.get("order_number") if isinstance(metadata, dict) else None
    )
    if not isinstance(number, str):
        log.warning("Stripe session %s names no order", session.get("id"))
        return None
    order = Order.objects.filter(
        number=number, payment_method=Order.PaymentMethod.CARD
    ).first()
    if order is None:
        log.warning("Stripe session %s names no order of ours", session.get("id"))
        return None
    if order.stripe_session_id and order.stripe_session_id != session.get("id"):
        log.warning("Stripe session %s is not %s's", session.get("id"), order.number)
        return None
    return order


def session_expired(*, session: dict) -> Order | None:
    """Stripe closed the session unpaid: the order expires and stock returns."""
    order = _order_for_session(session)
    if order is not None:
        services.expire(order=order, note="Stripe session expired unpaid.")
    return order


def session_payment_failed(*, session: dict) -> Order | None:
    """Stripe reports a delayed payment failed: the order ends, stock returns."""
    order = _order_for_session(session)
    if order is not None:
        services.fail_payment(order=order, note="Stripe reports the payment failed.")
    return order


def settle_from_stripe(order: Order) -> dict | None:
    """Ask Stripe about the order's session and fulfil it if it was paid.

    Returns the session, or None when Stripe could not be reached.
    """
    try:
        session = payments.retrieve_session(order.stripe_session_id)
    except payments.PaymentError:
        return None
    if is_paid(session):
        fulfil_checkout_session(session=session)
    return session


def cancel_and_restore_cart(*, order: Order, cart: Cart) -> bool:
    """The shopper left Stripe's page: cancel the order and refill their cart.

    Only the call that cancels the order refills the cart, so reloading the
    page never doubles it. A session Stripe reports paid (the shopper paid in
    another tab, then pressed back) is fulfilled instead, never cancelled.
    """
    if order.stripe_session_id and payments.is_enabled():
        # Unreachable: a payment made after all arrives as a late payment.
        if is_paid(settle_from_stripe(order) or {}):
            return False
    if not services.cancel(order=order, note="Shopper cancelled on the payment page."):
        return False
    for line in order.lines.select_related("product"):
        if line.product is not None and line.product.is_published:
            cart_services.add_line(
                cart=cart, product=line.product, quantity=line.quantity
            )
    return True

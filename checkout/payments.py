"""Card payments through Stripe Checkout: the only module that imports ``stripe``.

Everything here speaks plain dicts to the rest of the shop, so services and
views never depend on Stripe's object types. Tests replace ``HTTP_CLIENT`` with
a fake at the HTTP boundary; nothing else about Stripe is faked.
"""

import json
import time
from datetime import timedelta

import stripe
from django.conf import settings

from shop.money import to_pence

# Stripe refuses a session that closes sooner than 30 minutes after it opens,
# or later than 24 hours.
MIN_SESSION_MINUTES, MAX_SESSION_MINUTES = 31, 24 * 60
# Retries reuse the idempotency key, so Stripe never makes a second session.
MAX_NETWORK_RETRIES = 1
SIGNATURE_TOLERANCE_SECONDS = 300

HTTP_CLIENT: stripe.HTTPClient | None = None


class PaymentError(Exception):
    """Stripe could not be reached or refused the request."""


class InvalidSignature(Exception):
    """A webhook body whose signature is missing, wrong or too old."""


def is_enabled() -> bool:
    """Return whether card payment is configured (a secret key is set)."""
    return bool(settings.STRIPE_SECRET_KEY)


def _client() -> stripe.StripeClient:
    http_client = HTTP_CLIENT or stripe.new_default_http_client(timeout=20)
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        http_client=http_client,
        max_network_retries=MAX_NETWORK_RETRIES,
    )


def _call(fn, *args, **kwargs) -> dict:
    try:
        return fn(*args, **kwargs).to_dict()
    except stripe.StripeError as error:
        raise PaymentError(str(error.user_message or error)) from error


def session_idempotency_key(order) -> str:
    return f"order-{order.number}-session"


def session_lifetime() -> timedelta:
    """Return how long after an order its card payment may be made."""
    minutes = min(
        max(settings.STRIPE_SESSION_MINUTES, MIN_SESSION_MINUTES), MAX_SESSION_MINUTES
    )
    return timedelta(minutes=minutes)


def session_expires_at(order):
    """Return when the order's Checkout Session closes and its stock goes back.

    Fixed by the order's time, not the clock's, so a retry under the same
    idempotency key sends Stripe the same request.
    """
    return order.created_at + session_lifetime()


def session_window_open(order, *, now) -> bool:
    """Return whether the order can still be paid by card.

    An open session can be paid until it closes; a new one can only be
    opened while Stripe would keep it open for its minimum time.
    """
    closes = session_expires_at(order)
    if order.stripe_session_id:
        return now < closes
    return closes - now >= timedelta(minutes=MIN_SESSION_MINUTES)


def create_session(order, *, lines, success_url: str, cancel_url: str) -> dict:
    """Open a Checkout Session for ``order``; return ``{"id", "url"}``.

    Amounts come from the order's snapshot, in pence; postage is a fixed
    shipping rate so the receipt shows it apart from the goods. A line with a
    share of a discount code is sent as one item at its line total less that
    share (“Title × 3, code BOOKFAIR10”), and a free-postage code lowers the
    shipping rate, so Stripe's total is always the order's total. A donation
    to the prisoner fund is a line item of its own.
    """
    params = {
        "mode": "payment",
        "expires_at": int(session_expires_at(order).timestamp()),
        "client_reference_id": order.number,
        "metadata": {"order_number": order.number},
        "payment_intent_data": {"metadata": {"order_number": order.number}},
        "customer_email": order.email,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "line_items": [_line_item(order, line) for line in lines]
        + _donation_items(order),
        "shipping_options": [
            {
                "shipping_rate_data": {
                    "type": "fixed_amount",
                    "display_name": order.shipping_method_name[:100],
                    "fixed_amount": {
                        "amount": to_pence(
                            order.shipping_price - order.postage_discount(lines)
                        ),
                        "currency": "gbp",
                    },
                }
            }
        ],
    }
    session = _call(
        _client().v1.checkout.sessions.create,
        params=params,
        options={"idempotency_key": session_idempotency_key(order)},
    )
    return {"id": session["id"], "url": session["url"]}


def _line_item(order, line) -> dict:
    """Return one line as Stripe's line item, less its share of a code."""
    if not line.discount:
        quantity, amount, name = line.quantity, line.unit_price, line.title
    else:
        quantity, amount = 1, line.line_total - line.discount
        name = f"{line.title} × {line.quantity}, code {order.discount_code}"
    return {
        "quantity": quantity,
        "price_data": {
            "currency": "gbp",
            "unit_amount": to_pence(amount),
            "product_data": {"name": name[:250]},
        },
    }


def _donation_items(order) -> list[dict]:
    """Return the donation to the prisoner fund as a line item of its own."""
    if not order.donation:
        return []
    return [
        {
            "quantity": 1,
            "price_data": {
                "currency": "gbp",
                "unit_amount": to_pence(order.donation),
                "product_data": {"name": "Donation to the prisoner fund"},
            },
        }
    ]


def retrieve_session(session_id: str) -> dict:
    """Return the Checkout Session as Stripe reports it now."""
    return _call(_client().v1.checkout.sessions.retrieve, session_id)


def expire_session(session_id: str) -> dict:
    """Close an open Checkout Session so it can no longer be paid."""
    return _call(_client().v1.checkout.sessions.expire, session_id)


def refund(order) -> dict:
    """Refund the order's card payment in full; return Stripe's refund."""
    return _call(
        _client().v1.refunds.create,
        params={
            "payment_intent": order.stripe_payment_intent,
            "metadata": {"order_number": order.number},
        },
        options={"idempotency_key": f"order-{order.number}-refund"},
    )


def verify_event(payload: bytes, signature_header: str | None) -> dict:
    """Return the webhook's event after checking Stripe's signature and its age.

    Stripe's check only refuses a signature too old; one dated further in the
    future than the same tolerance is refused here too. Whatever the check
    raises on a body or header anyone can send (a body that is not UTF-8, a
    header with characters outside ASCII, which ``hmac.compare_digest``
    refuses with a TypeError) means the event is not verified.
    """
    try:
        stripe.WebhookSignature.verify_header(
            payload,
            signature_header,
            settings.STRIPE_WEBHOOK_SECRET,
            SIGNATURE_TOLERANCE_SECONDS,
        )
        if _signed_at(signature_header) > time.time() + SIGNATURE_TOLERANCE_SECONDS:
            raise InvalidSignature("signed in the future")
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError, TypeError) as error:
        raise InvalidSignature(str(error)) from error
    except RecursionError:
        raise InvalidSignature("nested too deeply") from None
    if not _is_event(event):
        raise InvalidSignature("not a Stripe event")
    return event


def _signed_at(header: str) -> int:
    """Return the ``t=`` timestamp of a header Stripe's check has accepted."""
    for item in header.split(","):
        key, _, value = item.partition("=")
        if key == "t":
            return int(value)
    raise InvalidSignature("no timestamp")


def _is_event(event) -> bool:
    """Return whether a signed body has the shape of a Stripe event."""
    if not isinstance(event, dict):
        return False
    data = event.get("data")
    return (
        isinstance(event.get("id"), str)
        and 0 < len(event["id"]) <= 255
        and isinstance(event.get("type"), str)
        and isinstance(data, dict)
        and isinstance(data.get("object"), dict)
    )

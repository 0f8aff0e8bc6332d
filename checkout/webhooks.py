"""Stripe's webhook events, dispatched through one table to ``card``.

Each event id is recorded once, in the same transaction as its effect: a
repeated delivery changes nothing, and a failed one is retried by Stripe.
"""

import logging

from django.db import IntegrityError, transaction

from . import card
from .models import StripeEvent

log = logging.getLogger(__name__)


HANDLERS = {
    # An async method (e.g. Bacs) completes unpaid; fulfilment then only
    # records the payment intent and waits for async_payment_succeeded.
    "checkout.session.completed": (
        lambda session: card.fulfil_checkout_session(session=session)
    ),
    "checkout.session.async_payment_succeeded": (
        lambda session: card.fulfil_checkout_session(session=session)
    ),
    "checkout.session.async_payment_failed": (
        lambda session: card.session_payment_failed(session=session)
    ),
    "checkout.session.expired": (lambda session: card.session_expired(session=session)),
}


def handle(event: dict) -> bool:
    """Act on a verified event once; return whether it was acted on now."""
    handler = HANDLERS.get(event["type"])
    if handler is None:
        return False
    if StripeEvent.objects.filter(event_id=event["id"]).exists():
        return False
    with transaction.atomic():
        try:
            # A savepoint, so a duplicate leaves the outer transaction usable.
            with transaction.atomic():
                record = StripeEvent.objects.create(
                    event_id=event["id"], type=event["type"]
                )
        except IntegrityError:
            # The same event delivered twice at once: the other delivery acts.
            log.info("Stripe event %s already handled", event["id"])
            return False
        order = handler(event["data"]["object"])
        if order is not None:
            record.order = order
            record.save(update_fields=["order"])
    return True

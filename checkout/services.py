"""Changes to orders: placing them and moving them from status to status.

Rules every function here keeps:

- Placing an order takes its stock in the same transaction (``stock.take``)
  from totals worked out on the server, and refuses when they differ from
  what the shopper reviewed (``review.fingerprint``).
- Every status change goes through ``set_status``: a conditional update from
  the status read under a row lock, allowed only when ``Order.pipeline`` lets
  the new status follow it; emails follow only a change that happened, after
  the commit.
- Card payments (``card``) and the cron sweep (``sweep``) change orders only
  through the functions here.
"""

import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from cart import selectors as cart_selectors
from cart import services as cart_services
from cart.models import Cart
from cart.pricing import BuyerTerms
from cart.totals import cached_zones, cart_totals
from shop.money import format_money, from_pence

from . import codes, emails, payments, review, selectors, signals, stock
from .details import OrderDetails
from .emails import send_after_commit
from .exceptions import CartChanged, CheckoutError, EmptyCart
from .models import Order, OrderLine, StatusChange

log = logging.getLogger(__name__)

Status = Order.Status
PaymentMethod = Order.PaymentMethod


# Placing an order ---------------------------------------------------------


def place_order(
    *,
    cart: Cart,
    details: OrderDetails,
    checkout_token: str,
    expected_fingerprint: str,
    reviewed: dict | None = None,
    supersedes: Order | None = None,
    buyer: BuyerTerms | None = None,
) -> Order:
    """Turn the cart into an order, taking its stock; return the order.

    Totals are computed here from today's prices; when they differ from what
    the shopper reviewed (``expected_fingerprint``) nothing happens and
    ``CartChanged`` says what changed. A second call with the same
    ``checkout_token`` returns the first order. ``supersedes`` is an earlier
    unpaid card order of this browser that never reached Stripe: it is
    cancelled and its stock returned in the same transaction. ``buyer``:
    ``request.cart.buyer``, whose prices every page showed (None: retail).
    """
    try:
        with transaction.atomic():
            return _place_order(
                cart=cart,
                details=details,
                checkout_token=checkout_token,
                expected_fingerprint=expected_fingerprint,
                reviewed=reviewed,
                supersedes=supersedes,
                buyer=buyer,
            )
    except IntegrityError:
        # Two clicks raced past the check below: the other one made the order.
        existing = Order.objects.filter(checkout_token=checkout_token).first()
        if existing is None:
            raise
        return existing


def _place_order(
    *, cart, details, checkout_token, expected_fingerprint, reviewed, supersedes, buyer
):
    # One cart is placed by one transaction at a time (a double click): the
    # second waits here for the first to commit, then finds its order below
    # rather than the cart it emptied. SQLite's IMMEDIATE transactions
    # already queue; PostgreSQL needs row locks. The lines are locked, as
    # adding to the cart does, before the cart row, so the two never deadlock.
    lines = cart_selectors.locked_lines(cart)
    existing = selectors.placed_with(checkout_token)
    if existing is not None:
        return existing
    if supersedes is not None and not supersedes.stripe_session_id:
        end_unpaid(
            supersedes,
            to=Status.CANCELLED,
            note="Replaced by a new checkout before payment.",
            email=False,
        )

    cart_selectors.with_credits(lines)  # for the bylines the order keeps
    totals = cart_totals(
        cart,
        lines=lines,
        zones=cached_zones(),
        buyer=buyer,
        donation=details.donation_amount,
    )
    if totals.is_empty:
        raise EmptyCart(["Your cart is empty."])
    if totals.minimum_remaining:
        raise CheckoutError(
            [
                f"Trade orders start at {format_money(buyer.minimum_order)} "
                f"before postage: add {format_money(totals.minimum_remaining)} "
                "more to your cart."
            ]
        )
    now = review.snapshot(totals)
    if review.fingerprint(now) != expected_fingerprint:
        raise CartChanged(review.describe_changes(reviewed, now))
    method = totals.method
    if method is None or method.pk != details.shipping_method:
        raise CartChanged(["Please choose a postage method again."])
    payment_method = details.payment_method
    if payment_method == PaymentMethod.CARD and not payments.is_enabled():
        raise CheckoutError(["Card payment is not available: choose another way."])
    if details.for_prisoner and method.is_collection:
        raise CheckoutError(["Books for a prisoner are posted: choose a postage."])
    if payment_method == PaymentMethod.COLLECTION and not method.is_collection:
        raise CheckoutError(["Pay on collection is only for orders you collect."])
    if payment_method == PaymentMethod.INVOICE and (
        buyer is None or buyer.invoice_days is None
    ):
        refusal = buyer.invoice_refusal if buyer is not None else ""
        raise CheckoutError(
            [refusal or "Paying on invoice is for approved trade accounts only."]
        )
    order = Order.objects.create(
        status=(
            Status.INVOICED
            if payment_method == PaymentMethod.INVOICE
            else Status.AWAITING_PAYMENT
        ),
        priced_for=buyer.name if buyer is not None else "",
        checkout_token=checkout_token,
        payment_method=payment_method,
        # A signed-in shopper's cart names them (cart.signals on sign-in).
        user_id=cart.user_id,
        email=details.email,
        name=details.name,
        line1=details.line1,
        line2=details.line2,
        city=details.city,
        region=details.region,
        postcode=details.postcode,
        country=cart.country,
        note=details.note,
        subtotal=totals.subtotal,
        shipping_method_name=method.name,
        is_collection=method.is_collection,
        shipping_price=totals.shipping,
        **codes.order_fields(totals),
        donation=totals.donation,
        deliver_to=details.deliver_to,
        total=totals.total,
    )
    codes.take(order, totals, user_id=cart.user_id)
    taken = stock.take([(t.line.product, t.line.quantity) for t in totals.lines])
    order_lines = OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=t.line.product,
            title=t.line.product.title,
            byline=t.line.product.byline[:300],
            unit_price=t.unit_price,
            quantity=t.line.quantity,
            line_total=t.line_total,
            discount=t.discount,
            price_choice=t.choice,
            cover_price=t.cover_price,
            stock_taken=taken[t.line.product_id],
        )
        for t in totals.lines
    )
    StatusChange.objects.create(
        order=order, from_status="", to_status=order.status, note="Order placed."
    )
    signals.order_placed.send(sender=Order, order=order, buyer=buyer, totals=totals)
    if order.is_offline:
        # A card order keeps the cart until the shopper is on Stripe's page,
        # so a failure to reach Stripe leaves the cart as it was.
        cart_services.empty(cart=cart)
        emails.send_placed(order, lines=order_lines)
    return order


# Status changes -----------------------------------------------------------


def set_status(
    order: Order,
    *,
    to: str,
    by=None,
    note: str = "",
    only_if: Callable[[Order], bool] | None = None,
    **fields,
) -> StatusChange | None:
    """Move the order to ``to`` if ``Order.pipeline`` allows it from the status
    read under lock (and ``only_if(order)`` holds); return the change recorded,
    or None when this call changed nothing. Must run inside a transaction."""
    current = Order.objects.select_for_update().get(pk=order.pk)
    if not current.may_become(to) or (only_if is not None and not only_if(current)):
        return None
    changed = Order.objects.filter(pk=order.pk, status=current.status).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if not changed:
        return None
    change = StatusChange.objects.create(
        order=order,
        from_status=current.status,
        to_status=to,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note[:500],
    )
    order.status = to
    for name, value in fields.items():
        setattr(order, name, value)
    return change


def end_unpaid(order: Order, *, to: str, by=None, note: str = "", email=True) -> bool:
    """End an order still awaiting payment and give its stock back."""
    # The pipeline lets these endings follow only "awaiting payment".
    if not set_status(order, to=to, by=by, note=note):
        return False
    stock.release(order)
    codes.give_back(order)  # an abandoned payment must not use up a code
    if email:
        kind = "payment_failed" if to == Status.PAYMENT_FAILED else "cancelled"
        send_after_commit(kind, order, note=note)
    return True


@transaction.atomic
def mark_paid(*, order: Order, by=None, note: str = "") -> bool:
    """Record an offline payment received by staff."""
    # An order that ended gave its stock back: only a late card payment,
    # which takes it again, may make it paid (see ``card``).
    changed = set_status(
        order,
        to=Status.PAID,
        by=by,
        note=note or "Payment received.",
        only_if=lambda o: o.is_awaiting_payment,
        paid_at=timezone.now(),
    )
    if changed:
        send_after_commit("paid", order)
    return bool(changed)


@transaction.atomic
def mark_shipped(*, order: Order, by=None, tracking_reference: str = "") -> bool:
    """Record that a paid order left the shop, with its tracking reference."""
    changed = set_status(
        order,
        to=Status.SHIPPED,
        by=by,
        note=f"Tracking: {tracking_reference}" if tracking_reference else "",
        shipped_at=timezone.now(),
        tracking_reference=tracking_reference.strip()[:200],
    )
    if changed:
        send_after_commit("shipped", order)
    return bool(changed)


def cancel(*, order: Order, by=None, note: str = "") -> bool:
    """Cancel an unpaid order, returning its stock; close its Stripe session."""
    with transaction.atomic():
        changed = end_unpaid(
            order, to=Status.CANCELLED, by=by, note=note or "Cancelled."
        )
    if changed and order.stripe_session_id and payments.is_enabled():
        try:
            payments.expire_session(order.stripe_session_id)
        except payments.PaymentError:
            # The session closes by itself (STRIPE_SESSION_MINUTES); a payment
            # made before then is handled as a late payment.
            log.warning("Could not close Stripe session for %s", order.number)
    return changed


def expire(*, order: Order, note: str = "") -> bool:
    """End an unpaid order whose payment window closed, returning its stock."""
    with transaction.atomic():
        # The shopper abandoned a card payment: no email about an order they
        # never confirmed. Offline orders were confirmed, so they hear of it.
        return end_unpaid(
            order,
            to=Status.EXPIRED if not order.is_offline else Status.CANCELLED,
            note=note or "Payment window closed.",
            email=order.is_offline,
        )


@transaction.atomic
def fail_payment(*, order: Order, note: str = "") -> bool:
    """End an order whose (delayed) payment failed, returning its stock."""
    return end_unpaid(
        order, to=Status.PAYMENT_FAILED, note=note or "The payment failed."
    )


def refund(*, order: Order, by=None) -> bool:
    """Refund an order; card payments go back in full through Stripe.

    Stock returns to the shelf (once) unless the order was shipped. Raises
    ``payments.PaymentError`` when Stripe refuses or the refund failed;
    nothing changes then. A second click finds the order refunded already
    (and Stripe's idempotency key makes a racing one return the same refund).
    """
    order = Order.objects.get(pk=order.pk)
    if not order.can_refund:
        return False
    fields, note = {}, "Refund to be paid by staff outside the shop."
    if order.is_card:
        if not order.stripe_payment_intent:
            raise payments.PaymentError("Stripe has not reported a payment to refund.")
        answer = payments.refund(order)
        if answer["status"] in ("failed", "canceled"):
            raise payments.PaymentError(f"the refund {answer['status']}.")
        amount = from_pence(answer["amount"])
        fields = {
            "stripe_refund_id": answer["id"],
            "refunded_amount": amount,
            "needs_attention": False,
        }
        note = (
            f"Stripe refund {answer['id']}: {format_money(amount)} {answer['status']}."
        )
    with transaction.atomic():
        change = set_status(
            order,
            to=Status.REFUNDED,
            by=by,
            note=note,
            only_if=lambda o: o.can_refund,
            **fields,
        )
        if change:
            if change.from_status != Status.SHIPPED:
                stock.release(order)
            send_after_commit("refunded", order)
    return bool(change)

"""Changes to orders: placing them, taking and returning stock, payment, shipping.

Rules every function here keeps:

- Stock is taken when an order is placed, in the same transaction, by a
  conditional ``UPDATE … WHERE stock >= n`` per line in product-pk order (a
  fixed lock order, so two checkouts never deadlock). A short line changes no
  row, and the whole order rolls back.
- Backorder products: a line takes its full quantity from stock when the
  shelf has it; otherwise it takes none (``OrderLine.stock_taken = 0``) and is
  supplied from a reprint or reorder. Stock therefore never goes below zero and
  returning an order gives back exactly what it took.
- Stock goes back at most once per taking: the release flips
  ``Order.stock_released`` with a conditional update and only the caller whose
  update changed the row returns stock.
- Status changes are conditional updates from the status read under a row lock;
  emails follow only a change that happened, after the commit.
- A card payment that arrives after its order expired or was cancelled (its
  stock already returned) makes the order paid only if the stock can be taken
  again; otherwise the order keeps its status, is flagged ``needs_attention``
  and the shop is emailed to refund it.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cart import selectors as cart_selectors
from cart import services as cart_services
from cart.models import Cart
from cart.totals import CartTotals, cart_totals
from catalog.models import Product
from shop.money import format_money, from_pence, to_pence

from . import emails, payments
from .models import Order, OrderLine, StatusChange

log = logging.getLogger(__name__)

Status = Order.Status
PaymentMethod = Order.PaymentMethod

UNPAID_ENDINGS = {Status.CANCELLED, Status.EXPIRED, Status.PAYMENT_FAILED}
PAID_STATUSES = ("paid", "no_payment_required")  # Stripe's payment_status
# Stripe's expiry event normally ends an unpaid card order when its session
# closes; the sweep asks Stripe about those whose event never came.
CARD_SWEEP_MARGIN = timedelta(hours=1)


class CheckoutError(Exception):
    """The order cannot be placed as asked; ``messages`` say why."""

    def __init__(self, messages=()):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


class EmptyCart(CheckoutError):
    pass


class CartChanged(CheckoutError):
    pass


class OutOfStock(CheckoutError):
    pass


class PaymentWindowClosed(CheckoutError):
    """The time to pay for a card order ran out; the order has expired."""


# Reviewing the cart -------------------------------------------------------


def snapshot(totals: CartTotals) -> dict:
    """Return what the shopper agreed to on the review page, as plain data."""
    return {
        "lines": {
            str(t.line.product_id): {
                "title": t.line.product.title,
                "quantity": t.line.quantity,
                "price": str(t.unit_price),
            }
            for t in totals.lines
        },
        "method": totals.method.pk if totals.method else None,
        "method_name": totals.method.name if totals.method else "",
        "shipping": str(totals.shipping),
        "total": str(totals.total),
        "country": totals.country,
    }


def fingerprint(snap: dict) -> str:
    """Return a short digest of a snapshot, carried by the review form."""
    data = json.dumps(snap, sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()[:32]


def describe_changes(old: dict | None, new: dict) -> list[str]:
    """Say in words what differs between the reviewed cart and today's."""
    if not old:
        return ["Your cart changed. Please check your order again."]
    changes = []
    old_lines, new_lines = old["lines"], new["lines"]
    for pk, was in old_lines.items():
        now = new_lines.get(pk)
        if now is None:
            changes.append(f"“{was['title']}” is no longer in your cart.")
            continue
        if now["price"] != was["price"]:
            changes.append(
                f"The price of “{was['title']}” changed from "
                f"{format_money(was['price'])} to {format_money(now['price'])}."
            )
        if now["quantity"] != was["quantity"]:
            changes.append(
                f"You now have {now['quantity']} of “{was['title']}” "
                f"(was {was['quantity']})."
            )
    for pk, now in new_lines.items():
        if pk not in old_lines:
            changes.append(f"“{now['title']}” was added to your cart.")
    if (new["method"], new["shipping"]) != (old["method"], old["shipping"]):
        changes.append(
            f"Postage is now {format_money(new['shipping'])} by "
            f"{new['method_name'] or 'no available method'} (was "
            f"{format_money(old['shipping'])} by {old['method_name']})."
        )
    if new["total"] != old["total"]:
        changes.append(
            f"Your total is now {format_money(new['total'])} "
            f"(was {format_money(old['total'])})."
        )
    return changes or ["Your cart changed. Please check your order again."]


def stock_problems(totals: CartTotals) -> list[str]:
    """Say which lines cannot be sold as they stand."""
    problems = []
    for t in totals.lines:
        product = t.line.product
        if product.sellable_quantity(t.line.quantity) < t.line.quantity:
            problems.append(_short_message(product.title, product.stock))
    return problems


def _short_message(title: str, available: int) -> str:
    if available <= 0:
        return f"Sorry, “{title}” has sold out."
    return f"Sorry, only {available} of “{title}” left: please change your cart."


# Placing an order ---------------------------------------------------------


def place_order(
    *,
    cart: Cart,
    details: dict,
    payment_method: str,
    checkout_token: str,
    expected_fingerprint: str,
    reviewed: dict | None = None,
    supersedes: Order | None = None,
) -> Order:
    """Turn the cart into an order, taking its stock; return the order.

    ``details`` holds the address, email, note and chosen postage method from
    the checkout form. Totals are computed here from today's prices; when they
    differ from what the shopper reviewed (``expected_fingerprint``) nothing
    happens and ``CartChanged`` says what changed. A second call with the same
    ``checkout_token`` returns the first order. ``supersedes`` is an earlier
    unpaid card order of this browser that never reached Stripe: it is
    cancelled and its stock returned in the same transaction.
    """
    try:
        with transaction.atomic():
            return _place_order(
                cart=cart,
                details=details,
                payment_method=payment_method,
                checkout_token=checkout_token,
                expected_fingerprint=expected_fingerprint,
                reviewed=reviewed,
                supersedes=supersedes,
            )
    except IntegrityError:
        # Two clicks raced past the check below: the other one made the order.
        existing = Order.objects.filter(checkout_token=checkout_token).first()
        if existing is None:
            raise
        return existing


def _place_order(
    *,
    cart,
    details,
    payment_method,
    checkout_token,
    expected_fingerprint,
    reviewed,
    supersedes,
):
    # One cart is placed by one transaction at a time (a double click): the
    # second waits here for the first to commit, then finds its order below
    # rather than the cart it emptied. SQLite's IMMEDIATE transactions
    # already queue; PostgreSQL needs row locks. The lines are locked, as
    # adding to the cart does, before the cart row, so the two never deadlock.
    list(cart.lines.select_for_update().order_by("pk").values_list("pk"))
    existing = Order.objects.filter(checkout_token=checkout_token).first()
    if existing is not None:
        return existing
    if supersedes is not None and not supersedes.stripe_session_id:
        _end_unpaid(
            supersedes,
            to=Status.CANCELLED,
            note="Replaced by a new checkout before payment.",
            email=False,
        )

    lines = cart_selectors.cart_lines(cart)
    totals = cart_totals(cart, lines=lines)
    if totals.is_empty:
        raise EmptyCart(["Your cart is empty."])
    now = snapshot(totals)
    if fingerprint(now) != expected_fingerprint:
        raise CartChanged(describe_changes(reviewed, now))
    method = totals.method
    if method is None or method.pk != details.get("shipping_method"):
        raise CartChanged(["Please choose a postage method again."])
    if payment_method == PaymentMethod.CARD and not payments.is_enabled():
        raise CheckoutError(["Card payment is not available: choose another way."])
    if payment_method == PaymentMethod.COLLECTION and not method.is_collection:
        raise CheckoutError(["Pay on collection is only for orders you collect."])
    order = Order.objects.create(
        checkout_token=checkout_token,
        payment_method=payment_method,
        email=details["email"],
        name=details["name"],
        line1=details["line1"],
        line2=details.get("line2", ""),
        city=details["city"],
        region=details.get("region", ""),
        postcode=details.get("postcode", ""),
        country=cart.country,
        note=details.get("note", ""),
        subtotal=totals.subtotal,
        shipping_method_name=method.name,
        is_collection=method.is_collection,
        shipping_price=totals.shipping,
        total=totals.total,
    )
    taken = _take_stock(
        [(t.line.product, t.line.quantity) for t in totals.lines],
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=t.line.product,
            title=t.line.product.title,
            byline=t.line.product.byline[:300],
            unit_price=t.unit_price,
            quantity=t.line.quantity,
            line_total=t.line_total,
            stock_taken=taken[t.line.product_id],
        )
        for t in totals.lines
    )
    StatusChange.objects.create(
        order=order, from_status="", to_status=order.status, note="Order placed."
    )
    if order.is_offline:
        # A card order keeps the cart until the shopper is on Stripe's page,
        # so a failure to reach Stripe leaves the cart as it was.
        cart_services.empty(cart=cart)
        _email_after_commit("confirmation", order)
        _email_after_commit("new_order", order)
    return order


def _take_stock(wanted: list[tuple[Product, int]]) -> dict[int, int]:
    """Take each product's quantity off the shelf; return how many per product.

    Raises ``OutOfStock`` (rolling back the caller's transaction) when any
    line is short.
    """
    taken, short = {}, []
    for product, quantity in sorted(wanted, key=lambda pair: pair[0].pk):
        rows = Product.objects.filter(pk=product.pk, stock__gte=quantity).update(
            stock=F("stock") - quantity
        )
        if rows:
            taken[product.pk] = quantity
        elif product.allow_backorder:
            taken[product.pk] = 0
        else:
            short.append(product)
    if short:
        left = dict(
            Product.objects.filter(pk__in=[p.pk for p in short]).values_list(
                "pk", "stock"
            )
        )
        raise OutOfStock([_short_message(p.title, left.get(p.pk, 0)) for p in short])
    return taken


def _release_stock(order: Order) -> bool:
    """Put the order's stock back on the shelf, once; return whether it did."""
    if not Order.objects.filter(pk=order.pk, stock_released=False).update(
        stock_released=True
    ):
        return False
    order.stock_released = True
    lines = OrderLine.objects.filter(
        order=order, stock_taken__gt=0, product__isnull=False
    ).order_by("product_id")
    for line in lines:
        Product.objects.filter(pk=line.product_id).update(
            stock=F("stock") + line.stock_taken
        )
    return True


def _retake_stock(order: Order) -> list[str]:
    """Take a released order's stock again; return what is short (then nothing)."""
    lines = list(
        OrderLine.objects.filter(order=order, product__isnull=False)
        .select_related("product")
        .order_by("product_id")
    )
    try:
        with transaction.atomic():
            taken = _take_stock([(line.product, line.quantity) for line in lines])
            if not Order.objects.filter(pk=order.pk, stock_released=True).update(
                stock_released=False
            ):
                raise OutOfStock([])  # someone else already took it back
    except OutOfStock as short:
        return short.messages or ["The stock was taken again already."]
    for line in lines:
        if line.stock_taken != taken[line.product_id]:
            line.stock_taken = taken[line.product_id]
            line.save(update_fields=["stock_taken"])
    order.stock_released = False
    return []


# Status changes -----------------------------------------------------------


def _email_after_commit(kind: str, order: Order, **kwargs) -> None:
    # Robust: a mail server that is down is logged, and never turns an order
    # already committed (or a webhook already recorded) into an error page.
    transaction.on_commit(partial(emails.send, kind, order.pk, **kwargs), robust=True)


def _change_status(
    order: Order, *, to: str, allowed_from, by=None, note: str = "", **fields
) -> bool:
    """Move the order to ``to`` if its status (read under lock) allows; return
    whether this call made the change. Must run inside a transaction."""
    current = Order.objects.select_for_update().get(pk=order.pk)
    if current.status not in allowed_from:
        return False
    changed = Order.objects.filter(pk=order.pk, status=current.status).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if not changed:
        return False
    StatusChange.objects.create(
        order=order,
        from_status=current.status,
        to_status=to,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note[:500],
    )
    order.status = to
    for name, value in fields.items():
        setattr(order, name, value)
    return True


def _end_unpaid(order: Order, *, to: str, by=None, note: str = "", email=True) -> bool:
    """End an order still awaiting payment and give its stock back."""
    if not _change_status(
        order, to=to, allowed_from={Status.AWAITING_PAYMENT}, by=by, note=note
    ):
        return False
    _release_stock(order)
    if email:
        kind = "payment_failed" if to == Status.PAYMENT_FAILED else "cancelled"
        _email_after_commit(kind, order, note=note)
    return True


@transaction.atomic
def mark_paid(*, order: Order, by=None, note: str = "") -> bool:
    """Record an offline payment received by staff."""
    changed = _change_status(
        order,
        to=Status.PAID,
        allowed_from={Status.AWAITING_PAYMENT},
        by=by,
        note=note or "Payment received.",
        paid_at=timezone.now(),
    )
    if changed:
        _email_after_commit("paid", order)
    return changed


@transaction.atomic
def mark_shipped(*, order: Order, by=None, tracking_reference: str = "") -> bool:
    """Record that a paid order left the shop, with its tracking reference."""
    changed = _change_status(
        order,
        to=Status.SHIPPED,
        allowed_from={Status.PAID},
        by=by,
        note=f"Tracking: {tracking_reference}" if tracking_reference else "",
        shipped_at=timezone.now(),
        tracking_reference=tracking_reference.strip()[:200],
    )
    if changed:
        _email_after_commit("shipped", order)
    return changed


def cancel(*, order: Order, by=None, note: str = "") -> bool:
    """Cancel an unpaid order, returning its stock; close its Stripe session."""
    with transaction.atomic():
        changed = _end_unpaid(
            order, to=Status.CANCELLED, by=by, note=note or "Cancelled."
        )
    if changed and order.stripe_session_id and payments.is_enabled():
        _close_session(order)
    return changed


def _close_session(order: Order) -> None:
    try:
        payments.expire_session(order.stripe_session_id)
    except payments.PaymentError:
        # The session closes by itself (STRIPE_SESSION_MINUTES); a payment made
        # before then is handled as a late payment.
        log.warning("Could not close Stripe session for %s", order.number)


def expire(*, order: Order, note: str = "") -> bool:
    """End an unpaid order whose payment window closed, returning its stock."""
    with transaction.atomic():
        # The shopper abandoned a card payment: no email about an order they
        # never confirmed. Offline orders were confirmed, so they hear of it.
        return _end_unpaid(
            order,
            to=Status.EXPIRED if not order.is_offline else Status.CANCELLED,
            note=note or "Payment window closed.",
            email=order.is_offline,
        )


@transaction.atomic
def fail_payment(*, order: Order, note: str = "") -> bool:
    """End an order whose (delayed) payment failed, returning its stock."""
    return _end_unpaid(
        order, to=Status.PAYMENT_FAILED, note=note or "The payment failed."
    )


def refundable(order: Order) -> bool:
    """Return whether staff may refund the order now.

    Paid and shipped orders; and card orders flagged for staff because money
    arrived that the shop could not accept (late, or the wrong amount).
    """
    if order.status in (Status.PAID, Status.SHIPPED):
        return True
    return bool(
        order.payment_method == PaymentMethod.CARD
        and order.needs_attention
        and order.stripe_payment_intent
        and order.status in UNPAID_ENDINGS | {Status.AWAITING_PAYMENT}
    )


def refund(*, order: Order, by=None) -> bool:
    """Refund an order; card payments go back in full through Stripe.

    Stock returns to the shelf (once) unless the order was shipped. Raises
    ``payments.PaymentError`` when Stripe refuses or the refund failed;
    nothing changes then. A second click finds the order refunded already
    (and Stripe's idempotency key makes a racing one return the same refund).
    """
    order = Order.objects.get(pk=order.pk)
    if not refundable(order):
        return False
    fields, note = {}, "Refund to be paid by staff outside the shop."
    if order.payment_method == PaymentMethod.CARD:
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
        shipped = order.status == Status.SHIPPED
        changed = _change_status(
            order,
            to=Status.REFUNDED,
            allowed_from={order.status},
            by=by,
            note=note,
            **fields,
        )
        if changed:
            if not shipped:
                _release_stock(order)
            _email_after_commit("refunded", order)
    return changed


# Card payments ------------------------------------------------------------


def start_card_payment(*, order: Order, success_url: str, cancel_url: str) -> str:
    """Open (or reopen, idempotently) the order's Stripe session; return its URL.

    Raises ``payments.PaymentError`` when Stripe cannot be reached; the order
    then stays awaiting payment with its stock held. Raises
    ``PaymentWindowClosed`` once the time to pay has run out: the order is
    expired and its stock returned, so an abandoned payment never holds the
    last copies for long.
    """
    if not payments.session_window_open(order, now=timezone.now()):
        reached_stripe = bool(order.stripe_session_id)
        expire(order=order, note="The time to pay by card ran out.")
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
    paid = session.get("payment_status") in PAID_STATUSES
    if not paid:
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
        if current.status == Status.AWAITING_PAYMENT:
            if _change_status(
                current,
                to=Status.PAID,
                allowed_from={Status.AWAITING_PAYMENT},
                note="Card payment confirmed by Stripe.",
                paid_at=timezone.now(),
                stripe_payment_intent=intent,
            ):
                _email_after_commit("confirmation", current)
                _email_after_commit("new_order", current)
        elif current.status in UNPAID_ENDINGS and not current.needs_attention:
            _late_payment(current, intent)
    return current


def _late_payment(order: Order, intent: str) -> None:
    """A payment for an order that had ended unpaid: sell it if stock allows."""
    short = _retake_stock(order) if order.stock_released else []
    if short:
        _flag(
            order,
            "Paid by card after the order had ended, but "
            + " ".join(short)
            + " Refund the payment.",
            stripe_payment_intent=intent,
        )
        return
    if _change_status(
        order,
        to=Status.PAID,
        allowed_from=UNPAID_ENDINGS,
        note="Card payment confirmed by Stripe after the order had ended; "
        "stock taken again.",
        paid_at=timezone.now(),
        stripe_payment_intent=intent,
    ):
        _email_after_commit("confirmation", order)
        _email_after_commit("new_order", order)


def _flag(order: Order, note: str, **fields) -> None:
    """Ask staff to look at the order, once."""
    if Order.objects.filter(pk=order.pk, needs_attention=False).update(
        needs_attention=True, **fields
    ):
        order.needs_attention = True
        StatusChange.objects.create(
            order=order, from_status=order.status, to_status=order.status, note=note
        )
        _email_after_commit("attention", order, note=note)


def _order_for_session(session: dict) -> Order | None:
    metadata = session.get("metadata")
    number = session.get("client_reference_id") or (
        metadata.get("order_number") if isinstance(metadata, dict) else None
    )
    if not isinstance(number, str):
        log.warning("Stripe session %s names no order", session.get("id"))
        return None
    order = Order.objects.filter(
        number=number, payment_method=PaymentMethod.CARD
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
        expire(order=order, note="Stripe session expired unpaid.")
    return order


def session_payment_failed(*, session: dict) -> Order | None:
    order = _order_for_session(session)
    if order is not None:
        fail_payment(order=order, note="Stripe reports the payment failed.")
    return order


def cancel_and_restore_cart(*, order: Order, cart: Cart) -> bool:
    """The shopper left Stripe's page: cancel the order and refill their cart.

    Only the call that cancels the order refills the cart, so reloading the
    page never doubles it. A session Stripe reports paid (the shopper paid in
    another tab, then pressed back) is fulfilled instead, never cancelled.
    """
    if order.stripe_session_id and payments.is_enabled():
        try:
            session = payments.retrieve_session(order.stripe_session_id)
        except payments.PaymentError:
            session = {}  # a payment made after all arrives as a late payment
        if session.get("payment_status") in PAID_STATUSES:
            fulfil_checkout_session(session=session)
            return False
    if not cancel(order=order, note="Shopper cancelled on the payment page."):
        return False
    for line in order.lines.select_related("product"):
        if line.product is not None and line.product.is_published:
            cart_services.add_line(
                cart=cart, product=line.product, quantity=line.quantity
            )
    return True


# The cron sweep -----------------------------------------------------------


@dataclass
class SweepReport:
    reminded: int = 0
    cancelled: int = 0
    expired: int = 0
    paid: int = 0
    unreachable: int = 0


def sweep_unpaid_orders(*, now=None) -> SweepReport:
    """Remind, cancel and expire unpaid orders whose time is up (run from cron)."""
    now = now or timezone.now()
    report = SweepReport()
    offline = Order.objects.filter(status=Status.AWAITING_PAYMENT).exclude(
        payment_method=PaymentMethod.CARD
    )
    cancel_before = now - timedelta(days=settings.OFFLINE_ORDER_DAYS)
    for order in offline.filter(created_at__lt=cancel_before):
        if expire(
            order=order,
            note=f"Not paid within {settings.OFFLINE_ORDER_DAYS} days.",
        ):
            report.cancelled += 1
    remind_before = now - timedelta(days=settings.OFFLINE_REMINDER_DAYS)
    for order in offline.filter(
        created_at__lt=remind_before, reminder_sent_at__isnull=True
    ):
        with transaction.atomic():
            if Order.objects.filter(pk=order.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                _email_after_commit("reminder", order)
                report.reminded += 1
    card = Order.objects.filter(
        status=Status.AWAITING_PAYMENT,
        payment_method=PaymentMethod.CARD,
        created_at__lt=now - payments.session_lifetime() - CARD_SWEEP_MARGIN,
    )
    for order in card:
        if order.stripe_session_id and payments.is_enabled():
            try:
                session = payments.retrieve_session(order.stripe_session_id)
            except payments.PaymentError:
                report.unreachable += 1
                continue
            if session.get("payment_status") in PAID_STATUSES:
                fulfil_checkout_session(session=session)
                report.paid += 1
                continue
            if session.get("status") == "open":
                continue
        if expire(order=order, note="No payment and no word from Stripe."):
            report.expired += 1
    return report

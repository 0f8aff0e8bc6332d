import logging
import secrets
from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from cart import selectors as cart_selectors
from cart import services as cart_services
from cart.middleware import cart_as_it_stands
from cart.totals import cached_zones, with_donation
from discounts import selectors as discount_selectors

from . import card, payments, prefill, review, selectors, services, webhooks
from .exceptions import CheckoutError, EmptyCart, PaymentWindowClosed
from .forms import CheckoutForm, PlaceOrderForm
from .services import OrderDetails

log = logging.getLogger(__name__)

DETAILS_KEY = "checkout_details"
REVIEW_KEY = "checkout_review"
PENDING_KEY = "checkout_pending_card_order"


def _cart_and_totals(request):
    current = request.cart
    return (
        current.cart,
        cart_selectors.with_credits(current.lines, request),
        current.totals,
    )


def _back_to_cart(request):
    messages.info(request, "Your cart is empty: add something before checking out.")
    return redirect("cart:detail")


@require_GET
@cart_as_it_stands
def start(request):
    cart, _, totals = _cart_and_totals(request)
    if totals.is_empty:
        return _back_to_cart(request)
    return redirect("checkout:details")


@cart_as_it_stands
def details(request):
    """Ask for email, address, postage, payment, note and the terms."""
    cart, lines, totals = _cart_and_totals(request)
    if totals.is_empty:
        return _back_to_cart(request)
    zones = cached_zones(request)
    saved = request.session.get(DETAILS_KEY, {})
    initial = saved | {
        "country": cart.country,
        "shipping_method": totals.method.pk if totals.method else None,
    }
    kept = prefill.saved_for(request)
    chosen = _chosen_address(kept, request.GET.get("address"), first=not saved)
    if kept.email and not saved:
        initial["email"] = kept.email
    if chosen is not None:
        initial |= chosen.initial()
    form = CheckoutForm(
        request.POST or None,
        initial=initial,
        zones=zones,
        weight_grams=totals.weight_grams,
        subtotal=totals.subtotal,
        buyer=request.cart.buyer,
    )
    if request.method == "POST" and form.is_valid():
        cart_services.set_destination(
            cart=cart,
            country=form.cleaned_data["country"],
            method_id=form.quote.method.pk,
            zones=zones,
        )
        request.session[DETAILS_KEY] = form.details().as_dict()
        return redirect("checkout:review")
    return render(
        request,
        "checkout/details.html",
        {
            "form": form,
            "totals": totals,
            "lines": lines,
            "step": "details",
            "saved_addresses": kept.addresses,
            "chosen_address": chosen,
        },
    )


def _chosen_address(kept, wanted, *, first):
    """Return the saved address asked for by id, else the default on a first visit.

    Only the signed-in shopper's own addresses are offered, so another
    customer's id finds nothing.
    """
    for address in kept.addresses:
        if str(address.id) == wanted:
            return address
    if first and not wanted and kept.addresses:
        return kept.addresses[0]
    return None


def _saved_details(request) -> OrderDetails | None:
    """Return the details the shopper gave on the details page, if usable."""
    return OrderDetails.from_dict(request.session.get(DETAILS_KEY))


@require_GET
@cart_as_it_stands
def review_page(request):
    """Show exactly what will be ordered, at today's prices, before placing it."""
    cart, lines, totals = _cart_and_totals(request)
    if totals.is_empty:
        return _back_to_cart(request)
    saved = _saved_details(request)
    if saved is None:
        return redirect("checkout:details")
    totals = with_donation(totals, saved.donation_amount)
    if totals.method is None or totals.method.pk != saved.shipping_method:
        messages.warning(
            request, "The postage method you chose is no longer offered: choose again."
        )
        return redirect("checkout:details")
    problems = review.stock_problems(totals)
    if totals.discount:
        refused = discount_selectors.customer_refusal(
            totals.code.discount_id, email=saved.email, user_id=cart.user_id
        )
        if refused:
            problems.append(refused + " Remove the code to order without it.")
    snap = review.snapshot(totals)
    saved_state = request.session.get(REVIEW_KEY) or {}
    state = {
        "token": saved_state.get("token") or secrets.token_urlsafe(24),
        "fingerprint": review.fingerprint(snap),
        "snapshot": snap,
    }
    if state != saved_state:  # a reload of the same review writes nothing
        request.session[REVIEW_KEY] = state
    form = PlaceOrderForm(
        initial={"fingerprint": state["fingerprint"], "checkout_token": state["token"]}
    )
    return render(
        request,
        "checkout/review.html",
        {
            "totals": totals,
            "lines": lines,
            "details": saved,
            # The order goes to the cart's country (``place_order`` reads it).
            "delivery": replace(saved, country=totals.country),
            "problems": problems,
            "form": form,
            "step": "review",
        },
    )


@require_POST
@cart_as_it_stands
def place(request):
    """Place the order reviewed; a repeated click finds the same order."""
    form = PlaceOrderForm(request.POST)
    if not form.is_valid():
        messages.warning(request, "Please check your order and place it again.")
        return redirect("checkout:review")
    token = form.cleaned_data["checkout_token"]
    already = selectors.order_for_checkout(token)
    if already is not None:
        return _after_placing(request, already, cart=None)
    # The service reads the lines and totals itself, inside its transaction.
    cart = request.cart.cart
    if cart is None:
        return _back_to_cart(request)
    saved = _saved_details(request)
    state = request.session.get(REVIEW_KEY) or {}
    if saved is None or state.get("token") != token:
        messages.warning(request, "Please check your order and place it again.")
        return redirect("checkout:review")
    supersedes = None
    if pending := request.session.get(PENDING_KEY):
        supersedes = selectors.unpaid_order(pending)
    try:
        order = services.place_order(
            cart=cart,
            details=saved,
            checkout_token=token,
            expected_fingerprint=form.cleaned_data["fingerprint"],
            reviewed=state.get("snapshot"),
            supersedes=supersedes,
            buyer=request.cart.buyer,
        )
    except EmptyCart:
        return _back_to_cart(request)
    except CheckoutError as error:
        for text in error.messages:
            messages.warning(request, text)
        return redirect("checkout:review")
    request.session.pop(REVIEW_KEY, None)
    request.session.pop(PENDING_KEY, None)
    return _after_placing(request, order, cart=cart)


def _after_placing(request, order, *, cart):
    if not (order.is_card and order.is_awaiting_payment):
        return redirect(order)
    return _send_to_stripe(request, order, cart=cart)


def _send_to_stripe(request, order, *, cart):
    base = request.build_absolute_uri(order.get_absolute_url())
    try:
        url = card.start_payment(
            order=order,
            success_url=base + "paid/?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=base + "cancelled/",
        )
    except PaymentWindowClosed as closed:
        request.session.pop(PENDING_KEY, None)
        for text in closed.messages:
            messages.warning(request, text)
        return redirect("cart:detail")
    except payments.PaymentError:
        log.exception("Stripe session for %s failed", order.number)
        request.session[PENDING_KEY] = order.token
        messages.error(
            request,
            f"We could not reach the card payment service. Your order "
            f"{order.number} is saved and your cart is kept: try paying again "
            "in a moment, or go back to your cart to choose another way to pay.",
        )
        return redirect(order)
    request.session.pop(PENDING_KEY, None)
    if cart is not None:
        cart_services.empty(cart=cart)
    return HttpResponseRedirect(url, status=303)


@require_GET
@cart_as_it_stands
def order_detail(request, token):
    """The shopper's order page: status, lines, payment instructions, tracking.

    **Template:** ``checkout/order_detail.html``; **context:** ``order``,
    ``SHOP_EMAIL``.
    """
    order = get_object_or_404(selectors.orders_for_shoppers(), token=token)
    return render(
        request,
        "checkout/order_detail.html",
        {
            "order": order,
            "SHOP_EMAIL": settings.SHOP_EMAIL,
        },
    )


@require_POST
@cart_as_it_stands
def order_pay(request, token):
    """Send the shopper (again) to Stripe for an order awaiting card payment."""
    order = get_object_or_404(selectors.orders_for_shoppers(), token=token)
    if not order.can_pay_by_card:
        return redirect(order)
    cart = None
    if request.session.get(PENDING_KEY) == order.token:
        cart = request.cart.cart
    return _send_to_stripe(request, order, cart=cart)


@require_GET
@cart_as_it_stands
def order_paid(request, token):
    """Stripe's success URL: confirm the payment with Stripe, not the browser."""
    order = get_object_or_404(selectors.orders_for_shoppers(), token=token)
    session_id = request.GET.get("session_id", "")
    if order.is_awaiting_payment and session_id == order.stripe_session_id != "":
        try:
            card.fulfil_checkout_session(session=payments.retrieve_session(session_id))
        except payments.PaymentError:
            log.warning("Could not confirm Stripe session for %s", order.number)
    order.refresh_from_db()
    if order.is_awaiting_payment:
        messages.info(
            request,
            "Thank you. We are waiting for the card service to confirm your "
            "payment; this page will show it once it has.",
        )
    return redirect(order)


@require_GET
@cart_as_it_stands
def order_cancelled(request, token):
    """Stripe's cancel URL: the shopper chose not to pay; refill their cart."""
    order = get_object_or_404(selectors.orders_for_shoppers(), token=token)
    if order.is_card and order.is_awaiting_payment:
        cart = cart_services.get_or_create_cart(request)
        if card.cancel_and_restore_cart(order=order, cart=cart):
            messages.info(
                request,
                f"You cancelled the payment, so order {order.number} is cancelled. "
                "Your cart is as you left it.",
            )
            return redirect("cart:detail")
    return redirect(order)


@require_GET
def terms(request):
    """The terms of sale in force. **Template:** ``checkout/terms.html``."""
    current = get_object_or_404(selectors.current_terms())
    return render(request, "checkout/terms.html", {"terms": current})


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Receive Stripe's events: verify, record once, dispatch, answer quickly."""
    try:
        event = payments.verify_event(
            request.body, request.headers.get("Stripe-Signature")
        )
    except RequestDataTooBig:
        return _plain("Too large", status=413)
    except payments.InvalidSignature:
        return _plain("Invalid signature or event", status=400)
    try:
        webhooks.handle(event)
    except DatabaseError:
        # Nothing was recorded (the transaction rolled back): Stripe retries.
        log.exception("Stripe event %s: database busy", event["id"])
        return _plain("Busy, try again", status=503, headers={"Retry-After": "60"})
    except Exception:
        # A payload we cannot act on would fail again on every retry. Staff
        # hear of it through the error log; the cron sweep asks Stripe about
        # every card order left awaiting payment.
        log.exception("Stripe event %s could not be handled", event["id"])
        return _plain("Not handled")
    return _plain("OK")


def _plain(text, *, status=200, headers=None):
    return HttpResponse(text, status=status, content_type="text/plain", headers=headers)

"""The webhook's answer when the database is busy: 503 and Retry-After, so
Stripe delivers the event again later, and then it is acted on."""

import json
import sqlite3
import urllib.error
import urllib.request

import stripe

from tests.gunicorn_shop import manage, serve, shell, shop_env

SECRET = "whsec_busy"

CARD_ORDER = """
import json
from decimal import Decimal
from catalog.models import Product
from checkout.models import Order, OrderLine, StatusChange
product = Product.objects.create(title="Busy Days", slug="busy-days",
    price=Decimal("4.00"), weight_grams=100, stock=4)
order = Order.objects.create(payment_method="card", email="card@example.org",
    name="Card Buyer", line1="1 Street", city="Leeds", postcode="LS1 1AA",
    country="GB", subtotal=Decimal("4.00"), shipping_method_name="Royal Mail",
    shipping_price=Decimal("2.50"), total=Decimal("6.50"),
    stripe_session_id="cs_test_busy")
OrderLine.objects.create(order=order, product=product, title=product.title,
    unit_price=Decimal("4.00"), quantity=1, line_total=Decimal("4.00"),
    stock_taken=1)
StatusChange.objects.create(order=order, to_status="awaiting_payment")
print(json.dumps({"number": order.number, "url": product.get_absolute_url()}))
"""

STATE = """
import json
from checkout.models import Order, StripeEvent
print(json.dumps([Order.objects.get().status, StripeEvent.objects.count()]))
"""


def deliver(base, body):
    request = urllib.request.Request(
        base + "/checkout/stripe/webhook/",
        data=body.encode(),
        headers={
            "Content-Type": "application/json",
            "Stripe-Signature": stripe.WebhookSignature.generate_signature_header(
                body, SECRET
            ),
        },
    )
    try:
        response = urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers.get("Retry-After"), response.read()


def test_a_busy_database_is_a_503_that_stripe_retries(tmp_path):
    path = tmp_path / "shop.sqlite3"
    env = shop_env(
        f"sqlite:///{path}", STRIPE_WEBHOOK_SECRET=SECRET, SQLITE_BUSY_TIMEOUT="1"
    )
    manage(env, "migrate", "--no-input")
    order = shell(env, CARD_ORDER)
    session = {
        "id": "cs_test_busy",
        "object": "checkout.session",
        "client_reference_id": order["number"],
        "metadata": {"order_number": order["number"]},
        "amount_total": 650,
        "currency": "gbp",
        "payment_intent": "pi_test_busy",
        "payment_status": "paid",
        "status": "complete",
    }
    body = json.dumps(
        {
            "id": "evt_busy",
            "type": "checkout.session.completed",
            "data": {"object": session},
        }
    )
    with serve(env, tmp_path / "gunicorn.log", probe=order["url"]) as base:
        # Another process holds the write lock longer than the busy timeout.
        writer = sqlite3.connect(path, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        try:
            busy = deliver(base, body)
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        assert shell(env, STATE) == ["awaiting_payment", 0]
        # Stripe's retry, once the database is free again.
        again = deliver(base, body)
    assert busy == (503, "60", b"Busy, try again")
    assert again[0] == 200
    assert shell(env, STATE) == ["paid", 1]

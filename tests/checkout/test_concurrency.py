"""Twenty buyers at once for the last five copies, through real HTTP requests
against a real server process (gunicorn: 2 workers × 8 threads), on SQLite and
on PostgreSQL. Exactly five orders, stock 0, everyone else told it sold out,
no 5xx."""

import contextlib
import json
import re
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.gunicorn_shop import Browser, manage, serve, shell, shop_env

BUYERS = 20
COPIES = 5
WEBHOOK_SECRET = "whsec_concurrency"
DOUBLE_CLICKS = 20
COPIES_FOR_CLICKS = 100

SEED = """
import json
from decimal import Decimal
from cart.models import ShippingMethod, WeightBand, Zone
from catalog.models import Product
product = Product.objects.create(title="The Last Five", slug="the-last-five",
    price=Decimal("4.00"), weight_grams=100, stock=%(copies)d)
zone = Zone.objects.create(name="UK", countries="GB")
method = ShippingMethod.objects.create(zone=zone, name="Royal Mail")
WeightBand.objects.create(method=method, min_grams=0, max_grams=2000,
    price=Decimal("2.50"))
print(json.dumps({"url": product.get_absolute_url(), "pk": product.pk,
    "method": method.pk}))
"""

REPORT = """
import json
from catalog.models import Product
from checkout.models import Order
print(json.dumps({
    "stock": Product.objects.get().stock,
    "orders": Order.objects.count(),
    "statuses": sorted(Order.objects.values_list("status", flat=True)),
    "lines": sum(o.lines.count() for o in Order.objects.all()),
}))
"""


@contextlib.contextmanager
def _shop(database_url, tmp_path, *, copies, seed=SEED):
    """Migrate and seed the database, then serve the shop with gunicorn."""
    env = shop_env(database_url, STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET)
    manage(env, "migrate", "--no-input")
    seed = shell(env, seed % {"copies": copies})
    log = tmp_path / "gunicorn.log"
    with serve(env, log, probe=seed["url"]) as base:
        yield {"base": base, "env": env, "log": log, **seed}


@pytest.fixture
def server(database_url, tmp_path):
    """The shop with the last five copies of a booklet."""
    with _shop(database_url, tmp_path, copies=COPIES) as shop:
        yield shop


@pytest.fixture
def stocked_server(database_url, tmp_path):
    """The shop with copies enough for every double click."""
    with _shop(database_url, tmp_path, copies=COPIES_FOR_CLICKS) as shop:
        yield shop


def test_twenty_buyers_for_the_last_five_copies(server, database_url):
    buyers = [Browser(server["base"]) for _ in range(BUYERS)]
    results, errors = [None] * BUYERS, []
    ready = threading.Barrier(BUYERS + 1)
    go = threading.Event()

    def buy(i):
        buyer = buyers[i]
        try:
            buyer.fill_cart(server["url"], server["pk"])
            fields = buyer.review(server["method"])
        except BaseException as error:  # noqa: B036 - reported below
            errors.append(error)
            raise
        finally:
            ready.wait()
        # Every buyer has reviewed the last copies in stock: all place at once.
        go.wait()
        results[i] = buyer.place(fields)

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(BUYERS)]
    for thread in threads:
        thread.start()
    ready.wait(timeout=120)
    assert not errors, errors
    began = time.monotonic()
    go.set()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - began

    report = shell(server["env"], REPORT)
    ordered = [r for r in results if "/checkout/order/" in r[1]]
    sold_out = [r for r in results if "has sold out" in r[2]]
    codes = sorted({s for b in buyers for s in b.statuses})
    engine = database_url.split(":", 1)[0]
    print(
        f"\n{engine}: {BUYERS} buyers for {COPIES} copies: placing took "
        f"{elapsed:.2f}s; "
        f"{len(ordered)} orders, {len(sold_out)} told sold out; stock now "
        f"{report['stock']}; order statuses {report['statuses']}; HTTP codes {codes}"
    )
    assert all(code < 500 for code in codes), codes
    assert len(ordered) == COPIES
    assert len(sold_out) == BUYERS - COPIES
    assert report["orders"] == COPIES and report["lines"] == COPIES
    assert report["stock"] == 0
    assert report["statuses"] == ["awaiting_payment"] * COPIES


CARD_ORDER = """
import json
from decimal import Decimal
from catalog.models import Product
from checkout.models import Order, OrderLine, StatusChange
product = Product.objects.get()
product.stock -= 1
product.save()
order = Order.objects.create(payment_method="card", email="card@example.org",
    name="Card Buyer", line1="1 Street", city="Leeds", postcode="LS1 1AA",
    country="GB", subtotal=Decimal("4.00"), shipping_method_name="Royal Mail",
    shipping_price=Decimal("2.50"), total=Decimal("6.50"),
    stripe_session_id="cs_test_race")
OrderLine.objects.create(order=order, product=product, title=product.title,
    unit_price=Decimal("4.00"), quantity=1, line_total=Decimal("4.00"),
    stock_taken=1)
StatusChange.objects.create(order=order, to_status="awaiting_payment")
print(json.dumps({"number": order.number}))
"""

AFTER_EVENTS = """
import json
from catalog.models import Product
from checkout.models import Order, StripeEvent
order = Order.objects.get(stripe_session_id="cs_test_race")
print(json.dumps({
    "status": order.status,
    "stock": Product.objects.get().stock,
    "stock_released": order.stock_released,
    "events": sorted(StripeEvent.objects.values_list("type", flat=True)),
    "history": list(order.status_changes.values_list("to_status", flat=True)),
}))
"""


def test_the_same_events_delivered_many_times_at_once(server, database_url):
    """Stripe retries and races itself: 8 copies of `completed`, 4 of
    `async_payment_succeeded` and 4 of `expired` arrive together. The order
    ends paid, its copy taken once, each event recorded once, one email of
    each kind, every answer 2xx."""
    import stripe

    order = shell(server["env"], CARD_ORDER)
    session = {
        "id": "cs_test_race",
        "object": "checkout.session",
        "client_reference_id": order["number"],
        "metadata": {"order_number": order["number"]},
        "amount_total": 650,
        "currency": "gbp",
        "payment_intent": "pi_test_race",
    }
    paid = session | {"payment_status": "paid", "status": "complete"}
    bodies = {
        "completed": ("checkout.session.completed", paid),
        "succeeded": ("checkout.session.async_payment_succeeded", paid),
        "expired": ("checkout.session.expired", session | {"status": "expired"}),
    }
    bodies = {
        name: json.dumps({"id": f"evt_race_{name}", "type": t, "data": {"object": obj}})
        for name, (t, obj) in bodies.items()
    }
    deliveries = (
        [bodies["completed"]] * 8 + [bodies["succeeded"]] * 4 + [bodies["expired"]] * 4
    )
    codes = []
    go = threading.Event()

    def deliver(body):
        header = stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET)
        request = urllib.request.Request(
            server["base"] + "/checkout/stripe/webhook/",
            data=body.encode(),
            headers={"Content-Type": "application/json", "Stripe-Signature": header},
        )
        go.wait()
        try:
            codes.append(urllib.request.urlopen(request, timeout=60).status)
        except urllib.error.HTTPError as error:
            codes.append(error.code)

    threads = [threading.Thread(target=deliver, args=(b,)) for b in deliveries]
    for thread in threads:
        thread.start()
    go.set()
    for thread in threads:
        thread.join(timeout=120)

    report = shell(server["env"], AFTER_EVENTS)
    log = server["log"].read_text()
    subjects = re.findall(r"^Subject: (.*)$", log, flags=re.MULTILINE)
    engine = database_url.split(":", 1)[0]
    print(f"\n{engine}: {len(deliveries)} racing deliveries: codes {sorted(codes)}")
    assert codes == [200] * len(deliveries)
    assert report["status"] == "paid"
    assert report["stock"] == COPIES - 1 and not report["stock_released"]
    assert report["events"] == sorted(
        [
            "checkout.session.async_payment_succeeded",
            "checkout.session.completed",
            "checkout.session.expired",
        ]
    )
    assert report["history"][-1] == "paid" and report["history"].count("paid") == 1
    assert sorted(subjects) == [
        f"Radical Books: New order {order['number']}",
        f"Radical Books: Your order {order['number']}",
    ]


def test_a_double_click_on_place_order_lands_on_the_order_page_both_times(
    stocked_server, database_url
):
    """Two posts of one review from one session at once, again and again: one
    order each time, and both clicks land on its page (never "Your cart is
    empty", which the second once saw on PostgreSQL)."""
    shopper = Browser(stocked_server["base"])
    landed = []
    for _ in range(DOUBLE_CLICKS):
        shopper.fill_cart(stocked_server["url"], stocked_server["pk"])
        fields = shopper.review(stocked_server["method"])
        go = threading.Barrier(2)
        answers = [None, None]

        def click(i, fields=fields, go=go, answers=answers):
            go.wait()
            answers[i] = shopper.place(fields)

        clicks = [threading.Thread(target=click, args=(i,)) for i in range(2)]
        for thread in clicks:
            thread.start()
        for thread in clicks:
            thread.join(timeout=60)
        landed.append(answers)

    report = shell(stocked_server["env"], REPORT)
    engine = database_url.split(":", 1)[0]
    both = sum(1 for a, b in landed if a[1] == b[1] and "/checkout/order/" in a[1])
    print(f"\n{engine}: {DOUBLE_CLICKS} double clicks, {both} on the order page twice")
    for first, second in landed:
        assert first[0] == second[0] == 200
        assert "/checkout/order/" in first[1]
        assert second[1] == first[1]
        assert "Your cart is empty" not in first[2] + second[2]
    assert len({pair[0][1] for pair in landed}) == DOUBLE_CLICKS
    assert report["orders"] == DOUBLE_CLICKS
    assert report["stock"] == COPIES_FOR_CLICKS - DOUBLE_CLICKS


TWO_BOOKS = """
import json
from decimal import Decimal
from cart.models import ShippingMethod, WeightBand, Zone
from catalog.models import Product
books = [Product.objects.create(title=title, slug=title.lower(),
    price=Decimal("4.00"), weight_grams=100, stock=%(copies)d)
    for title in ("Bread", "Roses")]
zone = Zone.objects.create(name="UK", countries="GB")
method = ShippingMethod.objects.create(zone=zone, name="Royal Mail")
WeightBand.objects.create(method=method, min_grams=0, max_grams=2000,
    price=Decimal("2.50"))
print(json.dumps({"books": [[b.get_absolute_url(), b.pk] for b in books],
    "url": books[0].get_absolute_url(), "method": method.pk}))
"""

STOCKS = """
import json
from catalog.models import Product
from checkout.models import Order
print(json.dumps({"stocks": list(Product.objects.order_by("pk").values_list(
    "stock", flat=True)), "orders": Order.objects.count()}))
"""


def test_buyers_adding_two_books_in_opposite_orders_never_deadlock(
    database_url, tmp_path
):
    """Half the buyers put Bread then Roses in their carts, half Roses then
    Bread, and all place at once: stock is taken in one fixed order (by
    product), so no two checkouts wait for each other's locks. Every order is
    made; no 5xx."""
    with _shop(
        database_url, tmp_path, copies=COPIES_FOR_CLICKS, seed=TWO_BOOKS
    ) as shop:
        buyers = [Browser(shop["base"]) for _ in range(BUYERS)]
        fields, results = [None] * BUYERS, [None] * BUYERS
        go = threading.Barrier(BUYERS)

        def place(i):
            books = shop["books"] if i % 2 else shop["books"][::-1]
            for url, pk in books:
                buyers[i].fill_cart(url, pk)
            fields[i] = buyers[i].review(shop["method"])
            # Every cart is ready: all place at once.
            go.wait(timeout=120)
            results[i] = buyers[i].place(fields[i])

        threads = [threading.Thread(target=place, args=(i,)) for i in range(BUYERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        report = shell(shop["env"], STOCKS)
        log = shop["log"].read_text()
    codes = sorted({status for status, _, _ in results})
    print(f"\n{database_url.split(':', 1)[0]}: opposite orders: codes {codes}")
    assert codes == [200]
    assert all("/checkout/order/" in url for _, url, _ in results)
    assert report == {
        "stocks": [COPIES_FOR_CLICKS - BUYERS] * 2,
        "orders": BUYERS,
    }
    assert "deadlock" not in log.lower()

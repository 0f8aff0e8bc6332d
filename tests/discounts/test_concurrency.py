"""A code with one use left is used by one order only, with orders placed at
once from many threads (each its own connection), on SQLite and PostgreSQL."""

from tests.races import race

THREADS = 8

SETUP = """
from cart.totals import cart_totals
from checkout import review, services
from checkout.exceptions import CheckoutError
from discounts.models import Discount, Redemption
from checkout.models import Order
from tests.factories import make_cart, make_postage, make_product, order_details

_, posted, _ = make_postage()
product = make_product(title="Certain Days", price="12.00", stock=100)
code = Discount.objects.create(
    code="LASTONE", kind="percent", value=10, max_uses=%(left)d)
carts = []
for n in range(%(threads)d):
    cart = make_cart(lines=[(product, 1)], country="GB", discount=code)
    carts.append((cart, review.snapshot(cart_totals(cart))))
placed, refused = [], []

def work(n):
    cart, snap = carts[n]
    try:
        order = services.place_order(
            cart=cart,
            details=order_details(shipping_method=posted.pk, email=f"r{n}@example.org"),
            checkout_token=f"token-{n}", expected_fingerprint=review.fingerprint(snap),
            reviewed=snap)
        placed.append(str(order.discount))
    except CheckoutError as error:
        refused.append(error.messages[0])

def report():
    code.refresh_from_db()
    return {"placed": placed, "refused": refused,
        "uses": code.uses, "redemptions": Redemption.objects.count(),
        "orders": Order.objects.count(),
        "stock": type(product).objects.get(pk=product.pk).stock}
"""


def test_the_last_use_of_a_code_goes_to_one_order(database_url):
    result = race(
        database_url,
        setup=SETUP % {"threads": THREADS, "left": 1},
        threads=THREADS,
    )
    assert result["errors"] == []
    assert result["placed"] == ["1.20"]
    assert len(result["refused"]) == THREADS - 1
    # Refused in the race (the conditional update changed no row), or, for an
    # order placed after the winner committed, by the re-check of its totals.
    assert all(
        "the code LASTONE has" in m and "been used up" in m for m in result["refused"]
    ), result["refused"]
    assert result["uses"] == result["redemptions"] == result["orders"] == 1
    # The refused orders rolled back with their stock.
    assert result["stock"] == 99

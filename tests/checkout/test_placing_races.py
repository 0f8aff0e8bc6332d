"""Two placements of one cart at once, the moment of each commit chosen by the
test: the second click must wait for the first and find its order."""

import threading
import time

import pytest
from django.db import connection, transaction

from cart.totals import cart_totals
from checkout import review, services
from checkout.models import Order
from tests.factories import make_cart, make_product, order_details

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's IMMEDIATE transactions queue placements whole; CI's "
        "PostgreSQL pass runs this",
    ),
    pytest.mark.postgres,
]


def test_a_second_click_waits_for_the_first_and_finds_its_order(postage):
    _, posted, _ = postage
    book = make_product(stock=3)
    cart = make_cart(lines=[(book, 1)], country="GB")
    snap = review.snapshot(cart_totals(cart))
    place = dict(
        cart=cart,
        details=order_details(shipping_method=posted.pk),
        checkout_token="one-review",
        expected_fingerprint=review.fingerprint(snap),
        reviewed=snap,
    )
    placed, second_reads_the_cart = threading.Event(), threading.Event()
    results = {}

    def first_click():
        try:
            with transaction.atomic():
                results["first"] = services.place_order(**place)
                placed.set()
                # Commit only once the second click reads the cart.
                second_reads_the_cart.wait(timeout=5)
        finally:
            connection.close()

    def commit_the_first_now(execute, sql, params, many, context):
        if "cart_cartline" in sql and not second_reads_the_cart.is_set():
            second_reads_the_cart.set()
            time.sleep(0.5)
        return execute(sql, params, many, context)

    def second_click():
        placed.wait(timeout=10)
        try:
            with connection.execute_wrapper(commit_the_first_now):
                results["second"] = services.place_order(**place)
        except Exception as error:  # reported below
            results["second"] = error
        finally:
            connection.close()

    clicks = [
        threading.Thread(target=first_click),
        threading.Thread(target=second_click),
    ]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(timeout=30)

    assert results["second"] == results["first"]
    assert Order.objects.count() == 1
    book.refresh_from_db()
    assert book.stock == 2


def test_two_carts_holding_two_books_in_opposite_orders_take_stock_in_one_order(
    postage,
):
    """The first checkout takes one book and waits until the second has taken
    one too (or 2 s). Taken in the carts' orders, each would then wait for the
    other's book: a deadlock, and an error page for one of them."""
    _, posted, _ = postage
    bread = make_product(title="Bread", stock=5)
    roses = make_product(title="Roses", stock=5)
    carts = [
        make_cart(lines=[(bread, 1), (roses, 1)], country="GB"),
        make_cart(lines=[(roses, 1), (bread, 1)], country="GB"),
    ]
    first_took, second_took = threading.Event(), threading.Event()
    results = {}

    def first_waits_after_one(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith("UPDATE") and "catalog_product" in sql:
            if not first_took.is_set():
                first_took.set()
                second_took.wait(timeout=2)
        return result

    def second_goes_after_the_first(execute, sql, params, many, context):
        if sql.startswith("UPDATE") and "catalog_product" in sql:
            first_took.wait(timeout=5)
            result = execute(sql, params, many, context)
            second_took.set()
            return result
        return execute(sql, params, many, context)

    def buy(i, wrapper):
        cart = carts[i]
        snap = review.snapshot(cart_totals(cart))
        try:
            with connection.execute_wrapper(wrapper):
                results[i] = services.place_order(
                    cart=cart,
                    details=order_details(shipping_method=posted.pk),
                    checkout_token=f"review-{i}",
                    expected_fingerprint=review.fingerprint(snap),
                    reviewed=snap,
                )
        except Exception as error:  # reported below
            results[i] = error
        finally:
            connection.close()

    buyers = [
        threading.Thread(target=buy, args=(0, first_waits_after_one)),
        threading.Thread(target=buy, args=(1, second_goes_after_the_first)),
    ]
    for thread in buyers:
        thread.start()
    for thread in buyers:
        thread.join(timeout=30)

    assert all(isinstance(results[i], Order) for i in (0, 1)), results
    bread.refresh_from_db()
    roses.refresh_from_db()
    assert (bread.stock, roses.stock) == (3, 3)

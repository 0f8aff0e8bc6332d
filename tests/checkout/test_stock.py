from decimal import Decimal

import pytest

from cart.models import CartLine
from cart.totals import cached_zones, cart_totals
from checkout import review, services
from checkout.exceptions import EmptyCart, OutOfStock
from checkout.models import Order
from tests.factories import (
    make_cart,
    make_contributor,
    make_order,
    make_product,
    order_details,
)

pytestmark = pytest.mark.django_db


def _place(cart, totals, **kwargs):
    snap = review.snapshot(totals)
    return services.place_order(
        cart=cart,
        details=order_details(shipping_method=totals.method.pk),
        expected_fingerprint=review.fingerprint(snap),
        reviewed=snap,
        **kwargs,
    )


def test_a_short_line_rolls_back_every_line_and_says_what_is_short(postage):
    plenty = make_product(title="Plenty", stock=10)
    scarce = make_product(title="Scarce", stock=2)
    cart = make_cart(lines=[(plenty, 3), (scarce, 2)])
    totals = cart_totals(cart)
    snap = review.snapshot(totals)
    scarce.stock = 1
    scarce.save()
    with pytest.raises(OutOfStock) as error:
        services.place_order(
            cart=cart,
            details=order_details(shipping_method=totals.method.pk),
            checkout_token="t",
            expected_fingerprint=review.fingerprint(snap),
        )
    assert error.value.messages == [
        "Sorry, only 1 of “Scarce” left: please change your cart."
    ]
    plenty.refresh_from_db()
    scarce.refresh_from_db()
    assert (plenty.stock, scarce.stock) == (10, 1)
    assert not Order.objects.exists()
    assert CartLine.objects.filter(cart=cart).count() == 2


def test_an_empty_cart_places_no_order(postage):
    with pytest.raises(EmptyCart):
        services.place_order(
            cart=make_cart(),
            details=order_details(shipping_method=0),
            checkout_token="t",
            expected_fingerprint="x",
        )
    assert not Order.objects.exists()


def test_backorder_line_takes_stock_when_there_and_none_when_short(postage):
    on_shelf = make_product(stock=5, allow_backorder=True)
    reprint = make_product(stock=1, allow_backorder=True)
    order = make_order((on_shelf, 2), (reprint, 3))
    taken = {line.product_id: line.stock_taken for line in order.lines.all()}
    assert taken == {on_shelf.pk: 2, reprint.pk: 0}
    on_shelf.refresh_from_db()
    reprint.refresh_from_db()
    assert (on_shelf.stock, reprint.stock) == (3, 1)

    services.cancel(order=order)
    on_shelf.refresh_from_db()
    reprint.refresh_from_db()
    assert (on_shelf.stock, reprint.stock) == (5, 1)


def test_stock_comes_back_exactly_once_whatever_ends_the_order(postage, mailoutbox):
    book = make_product(stock=4)
    order = make_order((book, 3))
    book.refresh_from_db()
    assert book.stock == 1
    assert services.cancel(order=order) is True
    assert services.cancel(order=order) is False
    assert services.expire(order=order) is False
    assert services.fail_payment(order=order) is False
    book.refresh_from_db()
    assert book.stock == 4
    order.refresh_from_db()
    assert (order.status, order.stock_released) == ("cancelled", True)
    assert [c.to_status for c in order.status_changes.all()] == [
        "awaiting_payment",
        "cancelled",
    ]


def test_order_lines_keep_the_price_at_the_time_of_sale(postage):
    book = make_product(
        title="Old title", price=Decimal("3.00"), authors=["Ann Writer"]
    )
    order = make_order((book, 1))
    book.title, book.price = "New title", Decimal("9.00")
    book.save()
    line = order.lines.get()
    assert (line.title, line.unit_price) == ("Old title", Decimal("3.00"))
    assert "Ann Writer" in line.byline


def warm_caches():
    """Fill what a running shop has cached after its first order."""
    from django.contrib.contenttypes.models import ContentType

    cached_zones()  # until the next postage or catalogue change
    ContentType.objects.get_for_model(Order)  # for the emails, once per process


def test_placing_an_order_takes_eleven_queries_plus_one_stock_update_per_line(
    postage, django_assert_num_queries
):
    """Report: the SQL queries placing an order takes (offline payment).

    Cart lines locked and read with their products, checkout token check,
    credits (for the bylines), the catalogue version (postage is cached
    under it), order insert, one conditional stock update per line, lines
    insert, history insert, cart emptied and touched: 9 + lines, plus the
    savepoint pair the test's transaction adds (BEGIN/COMMIT outside tests),
    plus the two emails recorded in the same transaction, in one insert
    (rendered later by the worker; the database task backend adds a task row
    for each). However big the catalogue, and whatever credits the products
    have, the count is the same.
    """
    emails = 1
    warm_caches()
    one = make_cart(lines=[(make_product(), 1)])
    four = make_cart(lines=[(make_product(), 1) for _ in range(4)])
    one_totals, four_totals = cart_totals(one), cart_totals(four)
    with django_assert_num_queries(9 + 1 + 2 + emails):
        _place(one, one_totals, checkout_token="a")
    with django_assert_num_queries(9 + 4 + 2 + emails):
        _place(four, four_totals, checkout_token="b")

    ann, bo = make_contributor(name="Ann Writer"), make_contributor(name="Bo Editor")
    for _ in range(40):  # a bigger catalogue, with credits on the cart's books
        make_product(authors=[ann, bo])
    credited = [make_product(authors=[ann, bo]) for _ in range(4)]
    bigger = make_cart(lines=[(product, 2) for product in credited])
    bigger_totals = cart_totals(bigger)
    with django_assert_num_queries(9 + 4 + 2 + emails):
        order = _place(bigger, bigger_totals, checkout_token="c")
    bylines = {line.byline for line in order.lines.all()}
    assert len(bylines) == 1 and "Ann Writer" in bylines.pop()


def test_a_line_leaving_few_copies_costs_one_more_update(
    postage, django_assert_num_queries
):
    """It takes the stock with a second conditional update: pages must change."""
    warm_caches()
    cart = make_cart(lines=[(make_product(stock=10), 1), (make_product(stock=5), 2)])
    totals = cart_totals(cart)
    with django_assert_num_queries(9 + 2 + 1 + 2 + 1):
        order = _place(cart, totals, checkout_token="a")
    assert [line.product.stock for line in order.lines.order_by("product_id")] == [9, 3]

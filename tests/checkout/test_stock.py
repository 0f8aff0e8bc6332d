from decimal import Decimal

import pytest

from cart.models import CartLine
from cart.totals import cart_totals
from checkout import review, services
from checkout.exceptions import EmptyCart, OutOfStock
from checkout.models import Order
from tests.factories import make_cart, make_order, make_product, order_details

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


def test_placing_an_order_takes_twelve_queries_plus_one_stock_update_per_line(
    postage, django_assert_num_queries
):
    """Report: the SQL queries placing an order takes (offline payment).

    Cart lines locked, checkout token check, cart lines + credits, zones +
    methods + bands, order insert, one conditional stock update per line,
    lines insert, history insert, cart emptied and touched: 12 + lines, plus
    the savepoint pair the test's transaction adds (BEGIN/COMMIT outside
    tests), plus two emails recorded in the same transaction, three queries
    each (the order and its lines read for the text, the outbox row).
    """
    emails = 2 * 3
    one = make_cart(lines=[(make_product(), 1)])
    four = make_cart(lines=[(make_product(), 1) for _ in range(4)])
    one_totals, four_totals = cart_totals(one), cart_totals(four)
    with django_assert_num_queries(12 + 1 + 2 + emails):
        _place(one, one_totals, checkout_token="a")
    with django_assert_num_queries(12 + 4 + 2 + emails):
        _place(four, four_totals, checkout_token="b")

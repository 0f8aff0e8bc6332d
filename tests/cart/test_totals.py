"""The one totals function: current prices, Decimal pounds, half-up pence."""

from decimal import Decimal

import pytest

from cart.totals import cart_totals
from shop.money import format_money
from tests.factories import make_cart, make_product

pytestmark = pytest.mark.django_db


def test_an_empty_or_missing_cart_costs_nothing(postage):
    assert cart_totals(None).total == Decimal("0.00")
    empty = cart_totals(make_cart())
    assert (empty.item_count, empty.shipping, empty.total) == (0, 0, 0)


def test_totals_add_lines_at_todays_prices(postage):
    a = make_product(price=Decimal("4.00"), weight_grams=110)
    b = make_product(price=Decimal("12.50"), weight_grams=300)
    cart = make_cart(lines=[(a, 2), (b, 1)])
    a.price = Decimal("5.00")  # the price changed after the cart was filled
    a.save()

    totals = cart_totals(cart)

    assert [t.line_total for t in totals.lines] == [Decimal("10.00"), Decimal("12.50")]
    assert totals.item_count == 3
    assert totals.weight_grams == 520
    assert totals.subtotal == Decimal("22.50")
    assert totals.shipping == Decimal("3.50")  # 2nd class, 500–2,000 g
    assert totals.total == Decimal("26.00")
    assert all(isinstance(v, Decimal) for v in (totals.subtotal, totals.total))


def test_money_is_shown_with_a_pound_sign_and_thousands(postage):
    product = make_product(price=Decimal("617.28"), stock=5)
    totals = cart_totals(make_cart(lines=[(product, 2)]))
    assert format_money(totals.subtotal) == "£1,234.56"


def test_a_product_unpublished_since_it_was_added_does_not_count(postage):
    kept = make_product(price=Decimal("3.00"))
    gone = make_product(price=Decimal("8.00"), is_published=False)
    totals = cart_totals(make_cart(lines=[(kept, 1), (gone, 1)]))
    assert totals.subtotal == Decimal("3.00")
    assert [t.line.product for t in totals.lines] == [kept]

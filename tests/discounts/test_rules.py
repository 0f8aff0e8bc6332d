"""The rules a code follows, at the penny edges, through ``cart_totals``."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cart.pricing import BuyerTerms
from cart.totals import cart_totals
from discounts.models import Discount
from tests.factories import (
    make_cart,
    make_category,
    make_method,
    make_product,
    make_publisher,
    make_zone,
)

pytestmark = pytest.mark.django_db

TRADE = BuyerTerms(account_id=1, name="Freedom Books", discount_percent=Decimal(35))


@pytest.fixture
def post(db):
    """2nd class: £2.50 up to 2 kg, free from £40 of goods."""
    zone = make_zone(name="UK", countries="GB")
    return make_method(
        zone, name="2nd class", bands=[(0, 2000, "2.50")], free_over="40"
    )


def code(**fields):
    return Discount.objects.create(**{"code": "BOOKFAIR10", "value": 10} | fields)


def totals_of(*lines, discount, buyer=None):
    cart = make_cart(lines=lines, country="GB", discount=discount)
    return cart_totals(cart, buyer=buyer)


def test_percentage_is_rounded_half_up_per_line(post):
    # 10% of £0.05 is 0.5p → 1p; of £1.15 is 11.5p → 12p: per line, not 12.0p.
    a = make_product(title="Pamphlet", price="0.05")
    b = make_product(title="Zine", price="1.15")
    totals = totals_of((a, 1), (b, 1), discount=code())
    assert [t.discount for t in totals.lines] == [Decimal("0.01"), Decimal("0.12")]
    assert totals.discount == Decimal("0.13")
    assert totals.total == Decimal("1.20") - Decimal("0.13") + Decimal("2.50")
    assert totals.code.words == "10% off"


def test_words_say_what_and_how_much(post):
    books = make_category(name="Books")
    book = make_product(title="Book", price="12.00", categories=[books])
    discount = code(description="books")
    discount.categories.add(books)
    totals = totals_of((book, 1), discount=discount)
    assert totals.code.words == "10% off books"
    assert totals.discount == Decimal("1.20")


def test_a_limited_code_takes_nothing_off_other_lines(post):
    pub = make_publisher(name="PM Press")
    theirs = make_product(title="Theirs", price="10.00", publisher=pub)
    other = make_product(title="Other", price="10.00")
    discount = code()
    discount.publishers.add(pub)
    totals = totals_of((theirs, 1), (other, 2), discount=discount)
    assert {t.line.product.title: t.discount for t in totals.lines} == {
        "Theirs": Decimal("1.00"),
        "Other": Decimal("0.00"),
    }
    assert totals.total == Decimal("30.00") - Decimal("1.00") + Decimal("2.50")


def test_fixed_amount_larger_than_the_goods_never_goes_negative(post):
    book = make_product(title="Book", price="3.99")
    totals = totals_of((book, 1), discount=code(kind="amount", value="10.00"))
    assert totals.discount == Decimal("3.99")
    assert totals.total == Decimal("2.50")  # postage is still paid


def test_fixed_amount_shares_add_up_to_the_penny(post):
    a = make_product(title="A", price="1.00")
    b = make_product(title="B", price="1.00")
    c = make_product(title="C", price="1.00")
    totals = totals_of((a, 1), (b, 1), (c, 1), discount=code(kind="amount", value="1"))
    shares = sorted(t.discount for t in totals.lines)
    assert shares == [Decimal("0.33"), Decimal("0.33"), Decimal("0.34")]
    assert totals.total == Decimal("2.00") + Decimal("2.50")


def test_free_postage_code_takes_the_postage_off(post):
    book = make_product(title="Book", price="10.00")
    totals = totals_of((book, 1), discount=code(kind="free_postage", value=0))
    assert totals.shipping == Decimal("2.50")
    assert totals.discount == Decimal("2.50")
    assert totals.total == Decimal("10.00")
    assert totals.code.words == "Free postage"


def test_free_postage_code_above_the_threshold_takes_nothing(post):
    book = make_product(title="Book", price="40.00")
    totals = totals_of((book, 1), discount=code(kind="free_postage", value=0))
    assert totals.shipping == totals.discount == Decimal("0.00")
    assert totals.total == Decimal("40.00")


def test_thresholds_are_judged_before_the_code(post):
    # £40 of goods posts free; 10% off brings the goods to £36 but postage stays free.
    book = make_product(title="Book", price="40.00")
    totals = totals_of((book, 1), discount=code(minimum_spend="40.00"))
    assert totals.shipping == Decimal("0.00")
    assert totals.total == Decimal("36.00")


def test_minimum_spend_not_met_takes_nothing_and_says_so(post):
    book = make_product(title="Book", price="19.99")
    totals = totals_of((book, 1), discount=code(minimum_spend="20.00"))
    assert totals.discount == Decimal("0.00")
    assert totals.total == Decimal("22.49")
    assert totals.code.problem == (
        "The code BOOKFAIR10 needs £20.00 of goods: add £0.01 more to use it."
    )


def test_a_code_is_not_for_trade_prices_unless_staff_say_so(post):
    book = make_product(title="Book", price="10.00")
    refused = totals_of((book, 1), discount=code(), buyer=TRADE)
    assert refused.discount == Decimal("0.00")
    assert refused.total == Decimal("6.50") + Decimal("2.50")
    assert "not for trade prices" in refused.code.problem


def test_a_trade_code_applies_to_the_trade_price(post):
    # Trade £6.50 (35% off £10, rounded per unit), then 10%: 65p off, not £1.
    book = make_product(title="Book", price="10.00")
    discount = code(code="UNION", applies_to_trade=True)
    totals = totals_of((book, 3), discount=discount, buyer=TRADE)
    assert totals.subtotal == Decimal("19.50")
    assert totals.discount == Decimal("1.95")
    assert totals.total == Decimal("19.50") - Decimal("1.95") + Decimal("2.50")


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"ends_at": timezone.now() - timedelta(minutes=1)}, "ended on"),
        ({"starts_at": timezone.now() + timedelta(days=1)}, "not yet"),
        ({"max_uses": 0}, "has been used up"),
        ({"is_active": False}, "no longer available"),
    ],
)
def test_a_code_out_of_its_time_or_uses_takes_nothing(post, fields, words):
    book = make_product(title="Book", price="10.00")
    totals = totals_of((book, 1), discount=code(**fields))
    assert totals.discount == Decimal("0.00")
    assert totals.total == Decimal("12.50")
    assert words in totals.code.problem

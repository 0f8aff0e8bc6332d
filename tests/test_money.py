from decimal import Decimal

import pytest

from shop.money import format_money, from_pence, to_money, to_pence


def test_to_money_rounds_half_up_where_float_would_round_down():
    assert to_money(Decimal("1.005")) == Decimal("1.01")
    assert to_money(Decimal("2.675")) == Decimal("2.68")


def test_to_money_refuses_floats():
    with pytest.raises(TypeError):
        to_money(1.5)


def test_pence_round_trip():
    assert to_pence(Decimal("12.34")) == 1234
    assert from_pence(1234) == Decimal("12.34")


def test_format_money_reads_like_the_seed_page():
    assert format_money(Decimal("0")) == "£0.00"
    assert format_money(Decimal("1234.5")) == "£1,234.50"

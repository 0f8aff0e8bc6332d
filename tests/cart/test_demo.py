from decimal import Decimal

import pytest
from django.core.management import call_command

from cart import demo
from cart.models import ShippingMethod, WeightBand, Zone
from cart.totals import cart_totals
from tests.factories import make_cart, make_product

pytestmark = pytest.mark.django_db


def test_loading_the_demo_rates_twice_changes_nothing():
    first = demo.load()
    snapshot = sorted(
        WeightBand.objects.values_list(
            "method__zone__name", "method__name", "min_grams", "max_grams", "price"
        )
    )
    assert demo.load() == first == ShippingMethod.objects.count() == 7
    assert (
        sorted(
            WeightBand.objects.values_list(
                "method__zone__name", "method__name", "min_grams", "max_grams", "price"
            )
        )
        == snapshot
    )
    assert list(Zone.objects.values_list("name", flat=True)) == [
        "United Kingdom",
        "Europe",
        "Rest of the world",
    ]


def test_load_demo_loads_the_postage(capsys):
    call_command("load_demo")
    assert "7 postage methods" in capsys.readouterr().out


def test_the_demo_rates_price_booklets_realistically():
    demo.load()
    booklets = make_product(price=Decimal("4.00"), weight_grams=110)

    home = cart_totals(make_cart(lines=[(booklets, 2)], country="GB"))
    europe = cart_totals(make_cart(lines=[(booklets, 2)], country="DE"))
    world = cart_totals(make_cart(lines=[(booklets, 2)], country="AU"))
    free = cart_totals(make_cart(lines=[(booklets, 10)], country="GB"))

    assert home.method.name == "Royal Mail 2nd class"
    assert home.shipping == Decimal("2.10")
    assert europe.zone.name == "Europe" and europe.shipping == Decimal("6.65")
    assert world.zone.name == "Rest of the world" and world.shipping == Decimal("8.45")
    assert free.subtotal == Decimal("40.00") and free.shipping == Decimal("0.00")

"""Postage rules: bands, over-weight parcels, free thresholds, handling, collect."""

from decimal import Decimal

import pytest

from cart.totals import cart_totals
from tests.factories import make_cart, make_product

pytestmark = pytest.mark.django_db


def totals_for(*, weight, price="4.00", quantity=1, country="GB", **cart_fields):
    product = make_product(weight_grams=weight, price=Decimal(price), stock=1000)
    cart = make_cart(lines=[(product, quantity)], country=country, **cart_fields)
    return cart_totals(cart)


def quote_of(totals, method):
    return next(q for q in totals.quotes if q.method == method)


def test_a_parcel_weighing_a_bands_lower_bound_pays_that_band(postage):
    totals = totals_for(weight=100)
    assert quote_of(totals, postage["second"]).price == Decimal("2.50")
    assert totals.shipping == Decimal("2.50")


def test_a_parcel_a_gram_under_a_bands_upper_bound_pays_that_band(postage):
    totals = totals_for(weight=99)
    assert quote_of(totals, postage["second"]).price == Decimal("1.50")


def test_a_parcel_heavier_than_every_band_is_not_offered_that_method(postage):
    totals = totals_for(weight=2000)  # the last band stops before 2,000 g
    second = quote_of(totals, postage["second"])
    assert not second.available
    assert second.reason == "2nd class cannot take a parcel of 2,000 g."
    # Collecting is still offered, but never assumed: the shopper chooses it.
    assert quote_of(totals, postage["collect"]).available
    assert totals.method is None
    assert totals.can_ship is False
    assert totals.can_collect is True


def test_a_parcel_no_post_can_carry_may_be_collected_when_the_shopper_says_so(
    postage, client
):
    product = make_product(title="Brick", weight_grams=2000, stock=5)
    cart = make_cart(lines=[(product, 1)])
    session = client.session
    session["cart_id"] = cart.pk
    session.save()
    page = client.get("/cart/").content.decode()
    assert (
        "We cannot post this order to United Kingdom: it is too heavy for every "
        "postal method we have there. Please choose to collect it from the shop"
    ) in page

    client.post(
        "/cart/destination/", {"country": "GB", "method": postage["collect"].pk}
    )

    cart.refresh_from_db()
    totals = cart_totals(cart)
    assert totals.method == postage["collect"]
    assert totals.shipping == Decimal("0.00")
    assert totals.can_ship is True


def test_the_shopper_is_told_when_no_method_can_carry_the_parcel(postage, client):
    product = make_product(title="Heavy atlas", weight_grams=1000, stock=10)
    cart = make_cart(lines=[(product, 1)], country="JP")
    session = client.session
    session["cart_id"] = cart.pk
    session.save()
    page = client.get("/cart/").content.decode()
    assert "Airmail cannot take a parcel of 1,000 g." in page
    assert "We cannot post this order to Japan" in page
    assert cart_totals(cart).can_ship is False


def test_postage_is_free_exactly_at_the_threshold(postage):
    totals = totals_for(weight=300, price="20.00", quantity=2)  # £40.00
    assert totals.subtotal == Decimal("40.00")
    assert totals.shipping == Decimal("0.00")
    assert totals.total == Decimal("40.00")
    assert totals.free_postage_remaining is None


def test_postage_is_charged_a_penny_below_the_threshold(postage):
    totals = totals_for(weight=300, price="39.99")
    assert totals.shipping == Decimal("2.50")
    assert totals.total == Decimal("42.49")
    assert totals.free_postage_remaining == Decimal("0.01")


def test_the_handling_charge_is_added_to_the_band_price(postage):
    totals = totals_for(weight=300, country="US")
    assert totals.zone == postage["world"]
    assert totals.shipping == Decimal("9.75")  # £9.00 band + £0.75 handling
    assert totals.total == Decimal("13.75")


def test_collecting_costs_nothing_whatever_the_weight_but_is_never_assumed(postage):
    totals = totals_for(weight=1500)
    assert quote_of(totals, postage["collect"]).price == Decimal("0.00")
    assert totals.method == postage["second"]  # the cheapest posted method

    chosen = totals_for(weight=1500, shipping_method=postage["collect"])
    assert chosen.method == postage["collect"]
    assert chosen.shipping == Decimal("0.00")


def test_a_country_no_zone_lists_goes_to_the_rest_of_the_world(postage):
    assert totals_for(weight=100, country="NZ").zone == postage["world"]


def test_a_method_of_another_zone_falls_back_to_the_cheapest_here(postage):
    totals = totals_for(weight=100, country="GB", shipping_method=postage["airmail"])
    assert totals.method == postage["second"]


def test_an_inactive_method_is_not_offered(postage):
    postage["second"].is_active = False
    postage["second"].save()
    totals = totals_for(weight=100)
    assert [q.method for q in totals.quotes] == [postage["collect"]]

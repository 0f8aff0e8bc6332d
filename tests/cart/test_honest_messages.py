"""The cart says what changed since the shopper looked, and never that all is well
beside a correction."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cart.models import CartLine
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def text(response):
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def update(client, quantities):
    return client.post(
        reverse("cart:update"),
        {f"quantity-{line.pk}": str(q) for line, q in quantities.items()},
        follow=True,
    )


def test_a_price_changed_since_adding_is_told_and_today_s_price_is_charged(
    client, postage, add_to_cart
):
    product = make_product(title="Mutual Aid", price=Decimal("3.00"))
    add_to_cart(product, 2)
    product.price = Decimal("3.50")  # staff change the price meanwhile
    product.save()

    page = client.get(reverse("cart:detail"))

    shown = text(page)
    assert "A price has changed since you added it." in shown
    assert "“Mutual Aid”: now £3.50, was £3.00" in shown
    assert re.search(r'data-total="subtotal">£7.00<', page.content.decode())

    # Seen on the cart page and the cart updated: the note has done its job.
    page = update(client, {CartLine.objects.get(): 2})
    assert "Your cart is up to date." in text(page)
    assert "has changed since you added" not in text(page)


def test_no_note_when_the_price_is_the_same(client, postage, add_to_cart):
    product = make_product(title="Mutual Aid", price=Decimal("3.00"))
    add_to_cart(product, 1)
    assert "changed since you added" not in text(client.get(reverse("cart:detail")))


def test_adding_more_at_the_new_price_takes_that_as_seen(client, postage, add_to_cart):
    product = make_product(title="Mutual Aid", price=Decimal("3.00"))
    add_to_cart(product, 1)
    product.price = Decimal("2.00")
    product.save()
    add_to_cart(product, 1)  # from the product page, showing £2.00
    assert CartLine.objects.get().price_seen == Decimal("2.00")
    assert "changed since you added" not in text(client.get(reverse("cart:detail")))


def test_stock_cut_before_an_update_is_told_without_up_to_date(
    client, postage, add_to_cart
):
    product = make_product(title="Selling fast", stock=10)
    add_to_cart(product, 6)
    line = CartLine.objects.get()
    product.stock = 2  # sold elsewhere while the cart page was open
    product.save()

    page = update(client, {line: 6})  # the quantity the page still showed

    shown = text(page)
    assert "Only 2 left of “Selling fast”; your cart now holds 2." in shown
    assert "Your cart is up to date." not in shown
    assert CartLine.objects.get().quantity == 2


def test_a_product_withdrawn_before_an_update_is_told_without_up_to_date(
    client, postage, add_to_cart
):
    product = make_product(title="Withdrawn")
    add_to_cart(product, 1)
    line = CartLine.objects.get()
    product.is_published = False
    product.save()

    shown = text(update(client, {line: 1}))

    assert "“Withdrawn” is no longer for sale and has left your cart." in shown
    assert "Your cart is up to date." not in shown
    assert not CartLine.objects.exists()


def test_removing_as_asked_is_no_correction(client, postage, add_to_cart):
    keep, drop = make_product(title="Keep"), make_product(title="Drop")
    add_to_cart(keep, 1)
    add_to_cart(drop, 1)
    lines = {line.product.title: line for line in CartLine.objects.all()}

    shown = text(update(client, {lines["Keep"]: 2, lines["Drop"]: 0}))

    assert "Removed “Drop” from your cart." in shown
    assert "Your cart is up to date." in shown

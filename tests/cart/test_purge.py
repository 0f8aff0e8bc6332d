from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cart.models import Cart, CartLine
from tests.factories import make_cart, make_product

pytestmark = pytest.mark.django_db


def aged(cart, days):
    Cart.objects.filter(pk=cart.pk).update(
        updated_at=timezone.now() - timedelta(days=days)
    )
    return cart


def test_purge_carts_deletes_carts_untouched_for_60_days_and_their_lines():
    product = make_product()
    stale = aged(make_cart(lines=[(product, 1)]), 61)
    recent = aged(make_cart(lines=[(product, 1)]), 59)
    out = StringIO()

    call_command("purge_carts", stdout=out)

    assert list(Cart.objects.all()) == [recent]
    assert not CartLine.objects.filter(cart_id=stale.pk).exists()
    assert out.getvalue().strip() == "Deleted 1 stale cart."


def test_purge_carts_reads_the_age_from_the_setting(settings):
    settings.CART_MAX_AGE_DAYS = 10
    aged(make_cart(), 11)
    aged(make_cart(), 9)
    call_command("purge_carts", stdout=StringIO())
    assert Cart.objects.count() == 1


def test_changing_a_cart_keeps_it_from_the_purge(client, postage, add_to_cart):
    product = make_product()
    add_to_cart(product, 1)
    aged(Cart.objects.get(), 100)
    add_to_cart(product, 1)
    call_command("purge_carts", stdout=StringIO())
    assert CartLine.objects.get().quantity == 2

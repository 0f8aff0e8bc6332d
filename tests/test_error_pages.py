"""Refused requests get the shop's own pages, with the right status."""

import pytest
from django.test import Client
from django.urls import reverse

from cart.models import CartLine
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def test_opening_a_form_only_address_explains_itself_with_405(client):
    response = client.get(reverse("cart:add"))
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    page = response.content.decode()
    assert "This address only takes a form" in page
    assert 'id="mini-cart"' in page  # the shop's own layout, not a blank page


def test_a_form_without_its_csrf_token_is_refused_in_plain_words():
    product = make_product()
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("cart:add"), {"product": product.pk, "quantity": 1})
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()
    assert not CartLine.objects.exists()

"""Bad input to checkout: the form again with a clear message, never a 500."""

import pytest

from checkout.models import Order
from tests.checkout.helpers import details, give_cart
from tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("country", ["%(x)s", "%d", "%", "ZZ%s", "<b>GB</b>"])
def test_a_country_that_is_a_format_string_is_an_error_on_the_form(
    client, postage, country
):
    # Django %-formats a field's error message: the shopper's text in it once
    # made a format string of it, and a KeyError or TypeError a 500.
    _, posted, _ = postage
    book = make_product(stock=3)
    give_cart(client, (book, 1))
    response = client.post(
        "/checkout/details/",
        details(posted, country=country, shipping_method=posted.pk + 100),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice." in page
    assert "Choose one of the postage methods offered for your country." in page
    assert "<b>GB</b>" not in page
    assert not Order.objects.exists()
    book.refresh_from_db()
    assert book.stock == 3


def test_an_unknown_postage_method_names_the_country_chosen(client, postage):
    _, posted, _ = postage
    give_cart(client, (make_product(), 1))
    response = client.post(
        "/checkout/details/", details(posted, shipping_method=posted.pk + 100)
    )
    assert response.status_code == 200
    assert (
        "Choose one of the postage methods offered for United Kingdom."
        in response.content.decode()
    )

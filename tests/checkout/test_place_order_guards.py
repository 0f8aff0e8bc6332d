"""The checks place_order makes itself, whatever a form let through."""

import pytest

from cart.totals import cart_totals
from checkout import review, services
from checkout.models import Order
from tests.checkout.helpers import details as details_form
from tests.checkout.helpers import give_cart, review_form
from tests.factories import make_cart, make_product, order_details

pytestmark = pytest.mark.django_db


def place(cart, *, payment_method="bank_transfer", **details):
    totals = cart_totals(cart)
    snap = review.snapshot(totals)
    return services.place_order(
        cart=cart,
        details=order_details(
            **{"shipping_method": totals.method.pk, "payment_method": payment_method}
            | details
        ),
        checkout_token="t",
        expected_fingerprint=review.fingerprint(snap),
        reviewed=snap,
    )


def nothing_happened(book, stock):
    book.refresh_from_db()
    return not Order.objects.exists() and book.stock == stock


def test_a_postage_method_other_than_the_carts_is_refused(postage):
    _, posted, collect = postage
    book = make_product(stock=3)
    cart = make_cart(lines=[(book, 1)], country="GB", shipping_method=posted)
    with pytest.raises(services.CartChanged) as error:
        place(cart, shipping_method=collect.pk)
    assert error.value.messages == ["Please choose a postage method again."]
    assert nothing_happened(book, 3)


def test_pay_on_collection_is_refused_for_a_posted_order(postage):
    _, posted, _ = postage
    book = make_product(stock=3)
    cart = make_cart(lines=[(book, 1)], country="GB", shipping_method=posted)
    with pytest.raises(services.CheckoutError) as error:
        place(cart, payment_method="collection")
    assert error.value.messages == ["Pay on collection is only for orders you collect."]
    assert nothing_happened(book, 3)


def test_pay_on_collection_is_taken_for_a_collected_order(postage):
    _, _, collect = postage
    book = make_product(stock=3)
    cart = make_cart(lines=[(book, 1)], country="GB", shipping_method=collect)
    order = place(cart, payment_method="collection")
    assert (order.payment_method, order.is_collection) == ("collection", True)


def test_card_payment_is_refused_when_card_payment_is_off(postage, settings):
    settings.STRIPE_SECRET_KEY = ""
    book = make_product(stock=3)
    cart = make_cart(lines=[(book, 1)], country="GB")
    with pytest.raises(services.CheckoutError) as error:
        place(cart, payment_method="card")
    assert error.value.messages == [
        "Card payment is not available: choose another way."
    ]
    assert nothing_happened(book, 3)


def test_a_place_order_post_with_another_reviews_token_places_nothing(client, postage):
    # The token ties the click to the review this session saw: a form from
    # another tab or a forged one must not place an order.
    _, posted, _ = postage
    book = make_product(stock=3)
    give_cart(client, (book, 1))
    client.post("/checkout/details/", details_form(posted))
    _, fields = review_form(client)
    response = client.post(
        "/checkout/place/", fields | {"checkout_token": "not-this-review"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/checkout/review/"
    assert nothing_happened(book, 3)
    page = client.get("/checkout/review/").content.decode()
    assert "Please check your order and place it again." in page
    # The real token still places it.
    response = client.post("/checkout/place/", fields)
    assert response["Location"] == Order.objects.get().get_absolute_url()

"""Buying for a prisoner and donating to the prisoner fund at checkout: money
at the penny, bad and forged input, Stripe's line items, the queue entry."""

from decimal import Decimal

import pytest

from checkout.models import Order
from checkout.views import DETAILS_KEY
from discounts.models import Discount
from prisoners.models import PrisonerRequest
from tests.checkout.helpers import details, give_cart, review_form
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def review_after(client, method, **overrides):
    response = client.post("/checkout/details/", details(method, **overrides))
    assert response.status_code == 302, response.context["form"].errors
    return review_form(client)


def test_donation_discount_and_postage_add_up_to_the_penny(client, postage):
    _, posted, _ = postage
    book = make_product(title="Mutual Aid", price=Decimal("3.35"))
    cart = give_cart(client, (book, 3))  # £10.05
    code = Discount.objects.create(code="SOLIDARITY", value=15)  # 15% of 10.05
    cart.discount = code
    cart.save()
    page, fields = review_after(client, posted, donation="0.01")
    totals = page.context["totals"]
    # 10.05 - 1.51 (1.5075 rounded half up) + 2.50 + 0.01
    assert (totals.discount, totals.donation, totals.total) == (
        Decimal("1.51"),
        Decimal("0.01"),
        Decimal("11.05"),
    )
    text = page.content.decode()
    assert "Donation to the prisoner fund" in text and "£0.01" in text
    client.post("/checkout/place/", fields)
    order = Order.objects.get()
    assert (order.subtotal, order.shipping_price, order.discount) == (
        Decimal("10.05"),
        Decimal("2.50"),
        Decimal("1.51"),
    )
    assert (order.donation, order.total) == (Decimal("0.01"), Decimal("11.05"))


@pytest.mark.parametrize(
    "typed, kept",
    [("5", "5.00"), ("£2.50", "2.50"), (" 500.00 ", "500.00"), ("", "0.00")],
)
def test_a_donation_is_read_as_pounds_and_pence(client, postage, typed, kept):
    give_cart(client, (make_product(), 1))
    review_after(client, postage[1], donation=typed)
    assert client.session[DETAILS_KEY]["donation"] == kept


@pytest.mark.parametrize(
    "typed",
    ["-1", "500.01", "1e3", "NaN", "Infinity", "2.505", "five", "1,000", "0x10"],
)
def test_a_negative_huge_or_garbled_donation_is_refused_and_nothing_kept(
    client, postage, typed
):
    give_cart(client, (make_product(), 1))
    response = client.post("/checkout/details/", details(postage[1], donation=typed))
    assert response.status_code == 200
    assert (
        "Enter a donation in pounds and pence, such as 5 or 2.50, from nothing "
        "up to £500.00." in response.content.decode()
    )
    assert DETAILS_KEY not in client.session
    assert not Order.objects.exists()


def test_the_donation_limit_comes_from_the_settings(client, postage, settings):
    settings.DONATION_MAX = "20.00"
    give_cart(client, (make_product(), 1))
    response = client.post("/checkout/details/", details(postage[1], donation="21"))
    assert "up to £20.00" in response.content.decode()


def test_a_forged_donation_in_the_session_sends_the_shopper_back_to_details(
    client, postage
):
    give_cart(client, (make_product(), 1))
    review_after(client, postage[1], donation="5")
    session = client.session
    session[DETAILS_KEY] = session[DETAILS_KEY] | {"donation": "-50.00"}
    session.save()
    response = client.get("/checkout/review/")
    assert response.status_code == 302 and response.url == "/checkout/details/"


def test_fields_the_form_does_not_have_cannot_set_the_total(client, postage):
    give_cart(client, (make_product(price=Decimal("4.00")), 1))
    _, fields = review_after(
        client, postage[1], donation="1", total="0.01", donation_amount="-6"
    )
    client.post("/checkout/place/", fields | {"total": "0.01", "donation": "99"})
    order = Order.objects.get()
    assert (order.donation, order.total) == (Decimal("1.00"), Decimal("7.50"))


def test_an_unknown_delivery_choice_is_refused(client, postage):
    give_cart(client, (make_product(), 1))
    response = client.post(
        "/checkout/details/", details(postage[1], deliver_to="the moon")
    )
    assert "Select a valid choice." in response.content.decode()
    assert DETAILS_KEY not in client.session


def test_books_for_a_prisoner_need_no_address_and_join_the_queue(client, postage):
    _, posted, _ = postage
    book = make_product(title="Assata", price=Decimal("9.99"), stock=4)
    give_cart(client, (book, 2))
    no_address = {"line1": "", "city": "", "postcode": "", "country": "FR"}
    _, fields = review_after(
        client, posted, deliver_to="prisoner_support", donation="10", **no_address
    )
    page = client.get("/checkout/review/").content.decode()
    assert "Our prisoner-support queue" in page
    client.post("/checkout/place/", fields)
    order = Order.objects.get()
    assert order.for_prisoner and (order.line1, order.city, order.country) == (
        "",
        "",
        "GB",  # posted from the shop's own country, at its postage
    )
    assert order.total == Decimal("9.99") * 2 + Decimal("2.50") + 10
    queued = PrisonerRequest.objects.get()
    assert (queued.source, queued.status, queued.order) == ("order", "new", order)
    assert [(b.product, b.quantity, b.from_order) for b in queued.books.all()] == [
        (book, 2, True)
    ]
    book.refresh_from_db()
    assert book.stock == 2  # taken once, by the order


def test_books_for_a_prisoner_cannot_be_collected(client, postage):
    _, _, collect = postage
    give_cart(client, (make_product(), 1))
    response = client.post(
        "/checkout/details/",
        details(collect, payment="collection", deliver_to="prisoner_support"),
    )
    assert "Choose one of the postage methods offered" in response.content.decode()
    assert not Order.objects.exists()


def test_an_order_to_the_shoppers_address_stays_out_of_the_queue(client, postage):
    give_cart(client, (make_product(), 1))
    _, fields = review_after(client, postage[1])
    client.post("/checkout/place/", fields)
    assert Order.objects.get().deliver_to == "address"
    assert not PrisonerRequest.objects.exists()


def test_a_card_payment_sends_the_donation_to_stripe_as_its_own_line(
    client, postage, stripe_fake
):
    give_cart(client, (make_product(title="Assata", price=Decimal("6.00")), 1))
    _, fields = review_after(client, postage[1], payment="card", donation="3.33")
    response = client.post("/checkout/place/", fields)
    assert response.status_code == 303
    order = Order.objects.get()
    (call,) = stripe_fake.calls()
    sent = call["params"]
    assert sent["line_items[1][price_data][product_data][name]"] == (
        "Donation to the prisoner fund"
    )
    assert sent["line_items[1][price_data][unit_amount]"] == "333"
    assert stripe_fake.sessions[order.stripe_session_id]["amount_total"] == 1183
    assert order.total == Decimal("11.83")


def test_the_order_page_shows_the_donation_and_the_prisoner_queue(client, postage):
    give_cart(client, (make_product(), 1))
    _, fields = review_after(
        client,
        postage[1],
        deliver_to="prisoner_support",
        donation="4.20",
        line1="",
        city="",
    )
    page = client.post("/checkout/place/", fields, follow=True).content.decode()
    assert "Donation to the prisoner fund" in page and "£4.20" in page
    assert "Our prisoner-support queue" in page

"""A shopper's code, from the cart to the order, the email and Stripe."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from cart.models import Cart
from checkout.models import Order
from discounts.models import Discount, Redemption
from tests.checkout.helpers import checkout, details, give_cart, review_form
from tests.checkout.stripe_fake import event, post_event
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(postage):
    """A cart of two books (£6.00 each; postage £2.50) and BOOKFAIR10 for books."""
    category = make_category(name="Books")
    book = make_product(
        title="Mutual Aid", price="6.00", stock=5, categories=[category]
    )
    code = Discount.objects.create(code="BOOKFAIR10", value=10, description="books")
    code.categories.add(category)
    return {"book": book, "code": code, "method": postage[1]}


def enter(client, text, next_url="/cart/"):
    return client.post("/cart/code/", {"code": text, "next": next_url}, follow=True)


def page_text(response):
    return response.content.decode()


def test_a_code_typed_in_lower_case_with_spaces_shows_in_words(client, books):
    cart = give_cart(client, (books["book"], 2))
    page = page_text(enter(client, "  bookfair 10 "))
    assert "Code BOOKFAIR10 applied: 10% off books, −£1.20." in page
    assert "10% off books (BOOKFAIR10)" in page and "−£1.20" in page
    assert "£13.30" in page  # £12.00 - £1.20 + £2.50
    cart.refresh_from_db()
    assert cart.discount == books["code"]


@pytest.mark.parametrize(
    "fields, text, message",
    [
        ({}, "NOPE", "Sorry, there is no code “NOPE”."),
        ({}, "<b>x</b>", "Sorry, there is no code “&lt;B&gt;X&lt;/B&gt;”."),
        ({}, "   ", "Enter a discount code."),
        (
            {"ends_at": timezone.now() - timedelta(days=1)},
            "bookfair10",
            "Sorry, the code BOOKFAIR10 ended on",
        ),
        (
            {"starts_at": timezone.now() + timedelta(days=3)},
            "bookfair10",
            "The code BOOKFAIR10 can be used from",
        ),
        ({"max_uses": 0}, "bookfair10", "Sorry, the code BOOKFAIR10 has been used up."),
        (
            {"minimum_spend": "20"},
            "bookfair10",
            "The code BOOKFAIR10 needs £20.00 of goods: add £8.00 more to use it.",
        ),
    ],
)
def test_a_code_that_cannot_be_used_is_refused_and_nothing_changes(
    client, books, fields, text, message
):
    Discount.objects.filter(pk=books["code"].pk).update(**fields)
    cart = give_cart(client, (books["book"], 2))
    response = enter(client, text)
    assert response.status_code == 200
    assert message in page_text(response)
    cart.refresh_from_db()
    assert cart.discount is None
    assert "£14.50" in page_text(response)


def test_a_code_for_other_products_is_refused(client, books):
    cart = give_cart(client, (make_product(title="Calendar", price="12.00"), 1))
    page = page_text(enter(client, "BOOKFAIR10"))
    assert "The code BOOKFAIR10 is for books, and none is in your cart." in page
    assert Cart.objects.get(pk=cart.pk).discount is None


def test_the_code_can_be_removed(client, books):
    cart = give_cart(client, (books["book"], 2))
    enter(client, "BOOKFAIR10")
    page = page_text(client.post("/cart/code/remove/", {"next": "/cart/"}, follow=True))
    assert "The discount code was removed." in page
    assert Cart.objects.get(pk=cart.pk).discount is None
    assert "£14.50" in page


def test_a_bad_post_to_the_code_urls_is_no_500(client, books):
    assert client.get("/cart/code/").status_code == 405
    response = client.post("/cart/code/", {"code": "X" * 5000}, follow=True)
    assert response.status_code == 200
    assert "Your cart is empty" in page_text(response)


def test_the_order_copies_the_code_and_its_lines_shares(client, books, mailoutbox):
    give_cart(client, (books["book"], 2))
    enter(client, "BOOKFAIR10")
    client.post("/checkout/details/", details(books["method"]))
    review, fields = review_form(client)
    assert "10% off books (BOOKFAIR10)" in page_text(review)
    assert "You will pay £13.30" in page_text(review)
    client.post("/checkout/place/", fields)
    order = Order.objects.get()
    assert (order.subtotal, order.discount, order.total) == (
        Decimal("12.00"),
        Decimal("1.20"),
        Decimal("13.30"),
    )
    assert (order.discount_code, order.discount_words) == (
        "BOOKFAIR10",
        "10% off books",
    )
    assert [line.discount for line in order.lines.all()] == [Decimal("1.20")]
    books["code"].refresh_from_db()
    assert books["code"].uses == 1
    assert Redemption.objects.get().order_number == order.number
    # Staff renaming the code later never changes the order.
    Discount.objects.filter(pk=books["code"].pk).update(value=50)
    page = page_text(client.get(order.get_absolute_url()))
    assert "10% off books (BOOKFAIR10)" in page and "−£1.20" in page


def test_a_code_that_ends_after_review_stops_the_order_with_a_message(client, books):
    cart = give_cart(client, (books["book"], 2))
    enter(client, "BOOKFAIR10")
    client.post("/checkout/details/", details(books["method"]))
    _, fields = review_form(client)
    Discount.objects.filter(pk=books["code"].pk).update(
        ends_at=timezone.now() - timedelta(seconds=1)
    )
    page = page_text(client.post("/checkout/place/", fields, follow=True))
    assert "Sorry, the code BOOKFAIR10 ended on" in page
    assert "Your total is now £14.50 (was £13.30)." in page
    assert not Order.objects.exists()
    assert Cart.objects.get(pk=cart.pk).lines.count() == 1


def test_one_use_per_customer_is_checked_by_email(client, books):
    Discount.objects.filter(pk=books["code"].pk).update(max_uses_per_customer=1)
    give_cart(client, (books["book"], 1))
    enter(client, "BOOKFAIR10")
    checkout(client, books["method"])
    assert Order.objects.get().discount == Decimal("0.60")
    again = client.__class__()
    give_cart(again, (books["book"], 1))
    enter(again, "bookfair10")
    again.post(
        "/checkout/details/", details(books["method"], email="READER@example.org")
    )
    review = page_text(again.get("/checkout/review/"))
    assert "can be used 1 time per customer, and you have already" in review
    assert "Place order" not in review
    assert Order.objects.count() == 1


def test_a_signed_in_customer_who_used_it_is_refused_at_the_cart(client, books):
    Discount.objects.filter(pk=books["code"].pk).update(max_uses_per_customer=1)
    user = User.objects.create_user("reader", "reader@example.org", "pw")
    client.force_login(user)
    give_cart(client, (books["book"], 1))
    enter(client, "BOOKFAIR10")
    checkout(client, books["method"])
    client.post("/cart/add/", {"product": books["book"].pk, "quantity": 1})
    page = page_text(enter(client, "BOOKFAIR10"))
    assert "can be used 1 time per customer" in page


def test_cancelling_an_unpaid_order_gives_the_use_back(client, books):
    from checkout import services

    Discount.objects.filter(pk=books["code"].pk).update(max_uses=1)
    give_cart(client, (books["book"], 1))
    enter(client, "BOOKFAIR10")
    checkout(client, books["method"])
    order = Order.objects.get()
    services.cancel(order=order, note="test")
    services.cancel(order=order, note="again")
    books["code"].refresh_from_db()
    assert books["code"].uses == 0
    assert not Redemption.objects.exists()


def test_stripe_is_sent_the_discounted_amounts_and_refunds_what_was_paid(
    client, books, stripe_fake
):
    give_cart(client, (books["book"], 3), (make_product(title="Calendar"), 1))
    Discount.objects.filter(pk=books["code"].pk).update(kind="amount", value="1.00")
    enter(client, "BOOKFAIR10")
    checkout(client, books["method"], "card")
    order = Order.objects.get()
    (call,) = stripe_fake.calls()
    params = call["params"]
    names = {
        params[f"line_items[{i}][price_data][product_data][name]"]: (
            params[f"line_items[{i}][quantity]"],
            params[f"line_items[{i}][price_data][unit_amount]"],
        )
        for i in range(2)
    }
    assert names["Mutual Aid × 3, code BOOKFAIR10"] == ("1", "1700")
    assert names["Calendar"] == (
        "1",
        str(int(order.lines.get(title="Calendar").unit_price * 100)),
    )
    session = stripe_fake.sessions[order.stripe_session_id]
    assert session["amount_total"] == int(order.total * 100)
    assert order.discount == Decimal("1.00")
    paid = stripe_fake.pay(order.stripe_session_id)
    post_event(client, event("checkout.session.completed", paid))
    order.refresh_from_db()
    assert order.status == "paid"
    from checkout import services

    assert services.refund(order=order)
    order.refresh_from_db()
    assert order.refunded_amount == order.total


def test_a_free_postage_code_sends_stripe_no_postage(client, books, stripe_fake):
    Discount.objects.filter(pk=books["code"].pk).update(kind="free_postage", value=0)
    give_cart(client, (books["book"], 1))
    enter(client, "BOOKFAIR10")
    checkout(client, books["method"], "card")
    order = Order.objects.get()
    (call,) = stripe_fake.calls()
    params = call["params"]
    assert params["line_items[0][price_data][unit_amount]"] == "600"
    amount = "shipping_options[0][shipping_rate_data][fixed_amount][amount]"
    assert params[amount] == "0"
    assert order.total == Decimal("6.00") == order.subtotal
    assert order.shipping_price == order.discount == Decimal("2.50")


def test_a_code_entered_on_the_review_page_shows_there_and_in_the_mini_cart(
    client, books
):
    give_cart(client, (books["book"], 2))
    client.post("/checkout/details/", details(books["method"]))
    response = enter(client, "bookfair10", next_url="/checkout/review/")
    assert response.redirect_chain[-1][0] == "/checkout/review/"
    page = page_text(response)
    assert "10% off books (BOOKFAIR10)" in page
    assert "You will pay £13.30" in page
    product_page = page_text(client.get(books["book"].get_absolute_url()))
    assert "−£1.20</span> Code BOOKFAIR10" in product_page

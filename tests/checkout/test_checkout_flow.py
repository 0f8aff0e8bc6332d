import socket
from decimal import Decimal

import pytest

from cart.models import CartLine
from checkout.models import Order, StatusChange
from tests.checkout.helpers import (
    checkout,
    details,
    give_cart,
    review_form,
    sending_failures,
)
from tests.factories import make_postage, make_product

pytestmark = pytest.mark.django_db


def test_checkout_with_an_empty_cart_goes_back_to_the_cart_with_a_message(client):
    response = client.get("/checkout/", follow=True)
    assert response.redirect_chain[-1][0] == "/cart/"
    assert "Your cart is empty" in response.content.decode()
    assert client.get("/checkout/details/").status_code == 302
    assert client.get("/checkout/review/").status_code == 302


def test_bank_transfer_order_is_placed_with_stock_taken_and_instructions(
    client, postage, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.BANK_TRANSFER_DETAILS = "Sort code 11-22-33, account 12345678"
    _, posted, _ = postage
    book = make_product(title="The Truth about Trotsky", price=Decimal("4.50"), stock=3)
    cart = give_cart(client, (book, 2))

    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(client, posted)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/checkout/order/{order.token}/"
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert order.number.startswith("RB-") and len(order.number) == 11
    assert (order.subtotal, order.shipping_price, order.total) == (
        Decimal("9.00"),
        Decimal("2.50"),
        Decimal("11.50"),
    )
    line = order.lines.get()
    assert (line.title, line.unit_price, line.quantity) == (
        "The Truth about Trotsky",
        Decimal("4.50"),
        2,
    )
    book.refresh_from_db()
    assert book.stock == 1
    assert not CartLine.objects.filter(cart=cart).exists()

    page = client.get(response["Location"]).content.decode()
    assert order.number in page
    assert "Awaiting payment" in page
    assert "Sort code 11-22-33, account 12345678" in page
    assert "£11.50" in page

    assert [m.to for m in mailoutbox] == [["reader@example.org"], [settings.SHOP_EMAIL]]
    confirmation = mailoutbox[0]
    assert order.number in confirmation.subject
    assert "Sort code 11-22-33, account 12345678" in confirmation.body
    assert "£11.50" in confirmation.body
    assert confirmation.alternatives[0].mimetype == "text/html"
    assert order.token in confirmation.body
    assert StatusChange.objects.filter(
        order=order, to_status="awaiting_payment"
    ).exists()


def test_missing_fields_and_a_bad_email_are_field_errors(client, postage):
    _, posted, _ = postage
    give_cart(client, (make_product(), 1))
    response = client.post(
        "/checkout/details/",
        details(posted, email="not-an-email", name="", line1="", postcode=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"email", "name", "line1", "postcode"}
    assert "Enter a valid email address." in response.content.decode()
    assert not Order.objects.exists()


def test_terms_must_be_accepted(client, postage):
    _, posted, _ = postage
    give_cart(client, (make_product(), 1))
    data = details(posted)
    del data["accept_terms"]
    response = client.post("/checkout/details/", data)
    assert "Please accept the terms of sale" in response.content.decode()
    # The terms open in a new tab, so the form is not lost: screen readers hear it.
    assert 'terms of sale<span class="visually-hidden"> (opens in a new tab)' in (
        response.content.decode()
    )


def test_a_country_outside_every_zone_is_a_field_error(client, postage):
    _, posted, _ = postage
    give_cart(client, (make_product(), 1))
    response = client.post("/checkout/details/", details(posted, country="FR"))
    assert response.status_code == 200
    assert "Sorry, we do not post to France." in response.content.decode()


def test_changing_country_offers_that_zones_methods(client, postage):
    _, uk_post, _ = postage
    _, world_post, _ = make_postage(name="World", countries="", default=True)
    give_cart(client, (make_product(), 1))
    response = client.post(
        "/checkout/details/", details(uk_post, country="FR", postcode="75001")
    )
    assert response.status_code == 200
    assert "Choose one of the postage methods offered for France" in (
        response.content.decode()
    )
    assert "Royal Mail (World)" in response.content.decode()
    response = client.post(
        "/checkout/details/", details(world_post, country="FR", postcode="75001")
    )
    assert response.status_code == 302


def test_pay_on_collection_needs_a_collection_method(client, postage):
    _, posted, collect = postage
    give_cart(client, (make_product(), 1))
    response = client.post("/checkout/details/", details(posted, "collection"))
    assert "Pay on collection is only for orders you collect." in (
        response.content.decode()
    )
    response = checkout(client, collect, "collection")
    order = Order.objects.get()
    assert (order.payment_method, order.is_collection, order.shipping_price) == (
        "collection",
        True,
        Decimal("0.00"),
    )
    page = client.get(response["Location"]).content.decode()
    assert "Please pay <strong>£4.00</strong> when you collect your order" in page
    assert "by pay on collection" not in page


def test_card_option_is_absent_without_stripe_keys(client, postage, settings):
    settings.STRIPE_SECRET_KEY = ""
    _, posted, _ = postage
    give_cart(client, (make_product(), 1))
    page = client.get("/checkout/details/").content.decode()
    assert 'value="bank_transfer"' in page
    assert 'value="card"' not in page
    response = client.post("/checkout/details/", details(posted, "card"))
    assert "payment_method" in response.context["form"].errors


def test_prices_sent_in_the_post_are_ignored(client, postage):
    _, posted, _ = postage
    book = make_product(price=Decimal("7.00"))
    give_cart(client, (book, 1))
    client.post(
        "/checkout/details/",
        details(posted, price="0.01", total="0.01", shipping_price="0"),
    )
    _, fields = review_form(client)
    client.post("/checkout/place/", fields | {"total": "0.01", "subtotal": "0.01"})
    assert Order.objects.get().total == Decimal("9.50")


def test_price_changed_between_review_and_place_shows_the_review_again(client, postage):
    _, posted, _ = postage
    book = make_product(title="Anarchy", price=Decimal("4.00"), stock=5)
    give_cart(client, (book, 1))
    client.post("/checkout/details/", details(posted))
    _, fields = review_form(client)

    book.price = Decimal("5.00")
    book.save()
    response = client.post("/checkout/place/", fields, follow=True)

    assert not Order.objects.exists()
    assert response.redirect_chain[-1][0] == "/checkout/review/"
    page = response.content.decode()
    assert "The price of “Anarchy” changed from £4.00 to £5.00." in page
    assert "Your total is now £7.50 (was £6.50)." in page
    book.refresh_from_db()
    assert book.stock == 5
    # The review shown now carries the new price and can be placed.
    _, fields = review_form(client)
    client.post("/checkout/place/", fields)
    assert Order.objects.get().total == Decimal("7.50")


def test_cart_changed_in_another_tab_says_what_changed(client, postage):
    _, posted, _ = postage
    book = make_product(title="Anarchy")
    cart = give_cart(client, (book, 1))
    client.post("/checkout/details/", details(posted))
    _, fields = review_form(client)
    CartLine.objects.filter(cart=cart).update(quantity=3)
    response = client.post("/checkout/place/", fields, follow=True)
    assert "You now have 3 of “Anarchy” (was 1)." in response.content.decode()
    assert not Order.objects.exists()


def test_a_second_click_on_place_order_makes_no_second_order(client, postage):
    _, posted, _ = postage
    book = make_product(stock=5)
    give_cart(client, (book, 1))
    client.post("/checkout/details/", details(posted))
    _, fields = review_form(client)
    first = client.post("/checkout/place/", fields)
    second = client.post("/checkout/place/", fields)
    order = Order.objects.get()
    assert first["Location"] == second["Location"] == order.get_absolute_url()
    book.refresh_from_db()
    assert book.stock == 4


def test_sold_out_at_place_tells_the_shopper_and_takes_nothing(client, postage):
    _, posted, _ = postage
    book = make_product(title="Last copy", stock=1)
    other = make_product(title="Plenty", stock=9)
    give_cart(client, (other, 2), (book, 1))
    client.post("/checkout/details/", details(posted))
    _, fields = review_form(client)
    book.stock = 0
    book.save()
    response = client.post("/checkout/place/", fields, follow=True)
    assert "Sorry, “Last copy” has sold out." in response.content.decode()
    assert not Order.objects.exists()
    other.refresh_from_db()
    assert other.stock == 9
    assert b"Place order" not in response.content


def test_unknown_order_token_or_numeric_id_is_404(client, postage):
    _, posted, _ = postage
    give_cart(client, (make_product(), 1))
    checkout(client, posted)
    order = Order.objects.get()
    assert client.get(order.get_absolute_url()).status_code == 200
    assert client.get(f"/checkout/order/{order.pk}/").status_code == 404
    assert client.get(f"/checkout/order/{order.number}/").status_code == 404
    assert client.get("/checkout/order/not-a-token/").status_code == 404


def test_order_page_takes_the_same_queries_whatever_the_order_size(
    client, postage, django_assert_num_queries
):
    from tests.factories import make_order

    small = make_order((make_product(), 1))
    big = make_order(*[(make_product(), 2) for _ in range(8)])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(small.get_absolute_url())  # warm: the footer's cached links
    with CaptureQueriesContext(connection) as small_queries:
        client.get(small.get_absolute_url())
    count = len(small_queries)  # before the next request clears the log
    # Order, lines, history: 3 of checkout's own, plus the site-wide header.
    assert count >= 3
    with django_assert_num_queries(count):
        client.get(big.get_absolute_url())


def test_terms_page_shows_what_staff_wrote(client):
    from checkout.models import Terms

    Terms.objects.create(title="Our terms", body="Books are posted second class.")
    page = client.get("/checkout/terms/").content.decode()
    assert "Our terms" in page and "Books are posted second class." in page


@pytest.mark.parametrize("page", ["/checkout/details/", "/checkout/review/"])
def test_checkout_pages_take_the_same_queries_for_one_line_or_many(
    client, postage, django_assert_num_queries, page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, posted, _ = postage
    cart = give_cart(client, (make_product(authors=["Ann Writer"]), 1))
    client.post("/checkout/details/", details(posted))
    # Warm the footer's links (cached per catalogue version) on a page that
    # leaves the checkout's own state in the session alone.
    client.get("/checkout/terms/")
    # And the lines' credits (cached per catalogue version and set of products).
    client.get(page)
    with CaptureQueriesContext(connection) as one_line:
        assert client.get(page).status_code == 200
    one_line_count = len(one_line)  # before the next request clears the log

    for _ in range(6):
        product = make_product(authors=["A Writer", "B Writer"])
        CartLine.objects.create(cart=cart, product=product, quantity=2)
    client.get(page)
    with django_assert_num_queries(one_line_count):
        assert client.get(page).status_code == 200


def test_place_order_request_costs_one_more_query_per_line_only(
    client, postage, django_assert_num_queries
):
    """Report: the whole "Place order" POST, session and all (20 for one line)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cart.totals import cached_zones

    _, posted, _ = postage
    cart = give_cart(client, (make_product(), 1))
    client.post("/checkout/details/", details(posted))
    _, fields = review_form(client)
    cached_zones()  # as every order after the first finds it
    with CaptureQueriesContext(connection) as one_line:
        assert client.post("/checkout/place/", fields).status_code == 302
    # Read the count now: every request start clears Django's query log.
    one_line_count = len(one_line)

    for _ in range(5):
        CartLine.objects.create(cart=cart, product=make_product(), quantity=1)
    client.post("/checkout/details/", details(posted))
    _, fields = review_form(client)
    # Each extra line costs its conditional stock update, nothing else.
    with django_assert_num_queries(one_line_count + 4):
        assert client.post("/checkout/place/", fields).status_code == 302
    print(f"\nPlace order POST: {one_line_count} queries for 1 line")


def test_a_mail_server_that_is_down_still_places_the_order(
    client, postage, settings, django_capture_on_commit_callbacks
):
    _, posted, _ = postage
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed, "timeout": 2},
        }
    }
    book = make_product(price=Decimal("4.50"), stock=3)
    give_cart(client, (book, 1))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = checkout(client, posted)
    # Both emails were tried, and both failed to reach the mail server.
    assert len(callbacks) == 2
    assert sending_failures() == 2
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    book.refresh_from_db()
    assert book.stock == 2


def test_details_form_ties_every_error_to_its_field_for_screen_readers(client, postage):
    import re

    _, posted, _ = postage
    give_cart(client, (make_product(stock=3), 1))
    page = client.post(
        "/checkout/details/",
        {"email": "not-an-email", "country": "GB", "payment_method": "card"},
    ).content.decode()
    ids = set(re.findall(r'id="([^"]+)"', page))
    # One summary, announced once, linking to each field in trouble.
    assert page.count('role="alert"') == 1
    targets = re.findall(r'<li><a href="#([^"]+)">', page)
    assert {"id_email", "id_name", "id_postcode", "payment_method-choices"} <= set(
        targets
    )
    assert set(targets) <= ids
    # Each invalid input (or radio group) is described by its own error.
    for name in ("email", "name", "line1", "city", "postcode", "accept_terms"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'aria-invalid="true"' in tag, name
        described = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
        assert f"id_{name}_error" in described and set(described) <= ids, name
    group = re.search(r'<fieldset[^>]*id="payment_method-choices"[^>]*>', page)
    assert 'aria-describedby="id_payment_method_error"' in group.group(0)
    assert "Choose one of the ways to pay shown here." in page
    assert "<legend>Postage</legend>" in page and "<legend>Payment</legend>" in page
    # The postcode is not called optional and then demanded.
    assert "Postcode or ZIP <span" not in page
    for name, token in [
        ("email", "email"),
        ("name", "name"),
        ("line1", "address-line1"),
        ("city", "address-level2"),
        ("postcode", "postal-code"),
    ]:
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert f'autocomplete="{token}"' in tag
    assert 'autocomplete="country"' in page


def test_the_order_page_says_what_an_ended_order_means(client, postage):
    from checkout import services
    from tests.factories import make_order

    cancelled = make_order((make_product(), 1))
    services.cancel(order=cancelled)
    refunded = make_order((make_product(), 1))
    services.mark_paid(order=refunded)
    services.refund(order=refunded)
    page = client.get(cancelled.get_absolute_url()).content.decode()
    assert "is closed unpaid, so nothing is owed" in page
    page = client.get(refunded.get_absolute_url()).content.decode()
    assert "This order has been refunded." in page

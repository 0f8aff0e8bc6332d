import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from checkout import payments
from checkout.models import Order
from tests.browser.conftest import screenshot
from tests.checkout.stripe_fake import SECRET_KEY, FakeStripe
from tests.factories import make_postage, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_to_cart(page, product):
    """Add the product from its page, then follow the mini cart's "Check out"."""
    page.goto(product.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    page.locator("[data-add-status]").filter(has_text="Added").wait_for()
    # A phone's header has a compact link to the cart, whose page checks out.
    page.get_by_role("banner").get_by_role("link", name=re.compile("^Cart")).click()
    page.get_by_role("link", name="Check out").click()
    page.wait_for_url("**/checkout/details/")


def fill_details(page, payment):
    page.get_by_label("Email").fill("lucy@example.org")
    page.get_by_label("Full name").fill("Lucy Parsons")
    page.get_by_label("Address line 1").fill("1 Example Street")
    page.get_by_label("Town or city").fill("Bristol")
    page.get_by_label("Postcode or ZIP").fill("BS1 1AA")
    page.get_by_label("Royal Mail (UK) — £2.50").check()
    page.get_by_label(payment).check()
    page.get_by_label("Note for the shop").fill("Please leave it with the neighbours.")
    page.get_by_label("I accept the terms of sale").check()
    screenshot(page, f"checkout-details-{payment.lower().replace(' ', '-')}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/checkout/review/")


def test_bank_transfer_order_from_product_page_to_shipped(page, live_server, settings):
    settings.BANK_TRANSFER_DETAILS = "Sort code 11-22-33 · Account 12345678"
    make_postage()
    book = make_product(
        title="The Truth about Trotsky", price=Decimal("4.00"), stock=2, page_count=80
    )
    add_to_cart(page, book)

    fill_details(page, "Bank transfer")
    review = page.locator("main").inner_text()
    assert "The Truth about Trotsky" in review
    assert "£6.50" in review and "Royal Mail (UK)" in review
    screenshot(page, "checkout-review")
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/checkout/order/[\w-]+/$"))

    order = Order.objects.get()
    confirmation = page.locator("main").inner_text()
    assert f"Order {order.number}" in confirmation
    assert "Awaiting payment" in confirmation
    assert "Sort code 11-22-33 · Account 12345678" in confirmation
    screenshot(page, "checkout-confirmation")
    shopper_url = page.url
    book.refresh_from_db()
    assert book.stock == 1

    User.objects.create_superuser("staff", "staff@example.org", "correct horse")
    staff = page.context.browser.new_page(base_url=live_server.url)
    staff.goto("/admin/login/?next=/admin/checkout/order/")
    staff.get_by_label("Username").fill("staff")
    staff.get_by_label("Password").fill("correct horse")
    staff.get_by_role("button", name="Log in").click()
    staff.get_by_role("link", name=order.number).wait_for()

    def run_action(label):
        staff.goto("/admin/checkout/order/")
        staff.locator(f'input[name="_selected_action"][value="{order.pk}"]').check()
        staff.locator('select[name="action"]').select_option(label=label)
        staff.get_by_role("button", name="Run").or_(
            staff.get_by_role("button", name="Go")
        ).first.click()

    run_action("Mark paid (offline payment received)")
    staff.get_by_text("1 order(s) marked paid.").wait_for()
    run_action("Mark shipped…")
    staff.get_by_label("Tracking reference (optional)").fill("RM123456789GB")
    staff.get_by_role("button", name="Mark shipped").click()
    staff.get_by_text("1 order(s) marked shipped.").wait_for()
    screenshot(staff, "checkout-admin-shipped")
    staff.close()

    page.goto(shopper_url)
    shown = page.locator("main").inner_text()
    assert "Shipped" in shown
    assert "RM123456789GB" in shown


def test_card_payment_sends_the_shopper_to_stripe(
    page, live_server, settings, monkeypatch
):
    fake = FakeStripe()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    monkeypatch.setattr(payments, "HTTP_CLIENT", fake)
    make_postage()
    book = make_product(title="Mutual Aid", price=Decimal("5.00"), stock=3)
    add_to_cart(page, book)

    visited = []

    def stripe_page(route):
        visited.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<h1>Stripe</h1>")

    page.route("https://checkout.stripe.com/**", stripe_page)
    fill_details(page, "Card")
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url("https://checkout.stripe.com/**")

    order = Order.objects.get()
    assert visited == [f"https://checkout.stripe.com/c/pay/{order.stripe_session_id}"]
    (call,) = fake.calls()
    assert call["params"]["client_reference_id"] == order.number
    assert call["params"]["line_items[0][price_data][unit_amount]"] == "500"
    assert order.status == "awaiting_payment"


def test_checkout_works_without_javascript_on_a_phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        base_url=live_server.url,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    make_postage()
    book = make_product(title="Pamphlet", price=Decimal("2.00"), stock=1)
    page.goto(book.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_load_state()
    # A phone's header has a compact link to the cart, whose page checks out.
    page.get_by_role("banner").get_by_role("link", name=re.compile("^Cart")).click()
    page.get_by_role("link", name="Check out").click()
    page.wait_for_url("**/checkout/details/")
    # Nothing of the form sticks out sideways at 360 px.
    widest = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('.checkout, .checkout *')]
            .map(e => e.getBoundingClientRect().right))"""
    )
    assert widest <= 360
    screenshot(page, "checkout-details-phone")
    page.get_by_role("button", name="Continue").click()
    assert "This field is required." in page.locator("main").inner_text()
    summary = page.get_by_role("alert")
    assert "Please check" in summary.inner_text()
    screenshot(page, "checkout-details-errors-phone")
    # The summary's links lead to the fields in trouble.
    summary.get_by_role("link", name="Email: This field is required.").click()
    assert page.url.endswith("#id_email")
    fill_details(page, "Cheque")
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/checkout/order/[\w-]+/$"))
    assert "Cheques payable to" in page.locator("main").inner_text()
    screenshot(page, "checkout-confirmation-phone")
    context.close()

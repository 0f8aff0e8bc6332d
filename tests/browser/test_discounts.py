"""Issue 14 in a browser: a code at the cart, the discount on review, and a
card payment (Stripe faked at HTTP) of the discounted amount."""

import re
from decimal import Decimal

import pytest

from checkout import payments
from checkout.models import Order
from discounts.models import Discount
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.test_checkout import add_to_cart, fill_details
from tests.checkout.stripe_fake import SECRET_KEY, FakeStripe
from tests.factories import make_category, make_postage, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def both_widths(page, name):
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")


def test_a_code_at_the_cart_is_paid_by_card_at_the_discounted_amount(
    page, settings, monkeypatch
):
    fake = FakeStripe()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    monkeypatch.setattr(payments, "HTTP_CLIENT", fake)
    make_postage()
    books = make_category(name="Books")
    book = make_product(
        title="Mutual Aid", price=Decimal("6.00"), stock=3, categories=[books]
    )
    code = Discount.objects.create(code="BOOKFAIR10", value=10, description="books")
    code.categories.add(books)

    add_to_cart(page, book)
    page.goto("/cart/")
    page.get_by_label("Code", exact=True).fill(" bookfair10 ")
    page.get_by_role("button", name="Apply code").click()
    page.get_by_text("Code BOOKFAIR10 applied: 10% off books, −£0.60.").wait_for()
    totals = page.locator(".cart-totals").inner_text()
    assert "10% off books (BOOKFAIR10)" in totals and "−£0.60" in totals
    assert "£7.90" in totals  # £6.00 - £0.60 + £2.50 postage
    both_widths(page, "discount-cart")

    page.locator("#main").get_by_role("link", name="Check out").click()
    page.wait_for_url("**/checkout/details/")
    page.route(
        "https://checkout.stripe.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<h1>Stripe</h1>"
        ),
    )
    fill_details(page, "Card")
    review = page.locator("main").inner_text()
    assert "10% off books (BOOKFAIR10)" in review and "−£0.60" in review
    assert "You will pay £7.90 on Stripe’s secure page." in review
    both_widths(page, "discount-review")
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url("https://checkout.stripe.com/**")

    order = Order.objects.get()
    assert (order.discount_code, order.discount, order.total) == (
        "BOOKFAIR10",
        Decimal("0.60"),
        Decimal("7.90"),
    )
    (call,) = fake.calls()
    sent = call["params"]
    assert sent["line_items[0][price_data][unit_amount]"] == "540"
    assert sent["line_items[0][quantity]"] == "1"
    assert sent["shipping_options[0][shipping_rate_data][fixed_amount][amount]"] == (
        "250"
    )
    assert fake.sessions[order.stripe_session_id]["amount_total"] == 790

    fake.pay(order.stripe_session_id)
    page.goto(
        f"/checkout/order/{order.token}/paid/?session_id={order.stripe_session_id}"
    )
    page.wait_for_url(re.compile(r"/checkout/order/[\w-]+/"))
    shown = page.locator("main").inner_text()
    assert "10% off books (BOOKFAIR10)" in shown and "£7.90" in shown
    order.refresh_from_db()
    assert order.status == "paid"
    both_widths(page, "discount-paid")


def test_a_solidarity_purchase(page):
    make_postage()
    calendar = make_product(
        title="Certain Days",
        price=Decimal("12.00"),
        solidarity_price=Decimal("18.00"),
        reduced_price=Decimal("6.00"),
        stock=5,
    )
    page.goto(calendar.get_absolute_url())
    page.get_by_label("Solidarity price: £18.00").check()
    both_widths(page, "solidarity-product")
    page.get_by_role("button", name="Add to cart").click()
    page.locator("[data-add-status]").filter(has_text="Added").wait_for()
    page.goto("/cart/")
    lines = page.locator(".cart-lines").inner_text()
    assert "£18.00" in lines and "solidarity price; list £12.00" in lines
    assert "£20.50" in page.locator(".cart-totals").inner_text()
    both_widths(page, "solidarity-cart")
    page.locator("#main").get_by_role("link", name="Check out").click()
    fill_details(page, "Bank transfer")
    assert "£20.50" in page.locator("main").inner_text()
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/checkout/order/[\w-]+/$"))
    line = Order.objects.get().lines.get()
    assert (line.price_choice, line.unit_price) == ("solidarity", Decimal("18.00"))


def test_a_pay_what_you_can_purchase(page):
    from tests.browser.test_accessibility import audit

    make_postage()
    zine = make_product(
        title="Anarchy Zine",
        price=Decimal("10.00"),
        pwyc_floor=Decimal("4.00"),
        pwyc_suggested=Decimal("8.00"),
        pwyc_ceiling=Decimal("30.00"),
        stock=5,
    )
    page.goto(zine.get_absolute_url())
    amount = page.get_by_label("Pay what you can (£)")
    assert amount.input_value() == "8.00"
    assert "Any amount from £4.00 to £30.00" in page.locator(".pwyc").inner_text()
    # A penny under the floor is refused, and nothing is added.
    amount.fill("3.99")
    page.get_by_role("button", name="Add to cart").click()
    page.locator("[data-add-status]").filter(
        has_text="Enter an amount from £4.00 to £30.00"
    ).wait_for()
    both_widths(page, "pwyc-product-refused")
    amount.fill("4.00")
    page.get_by_role("button", name="Add to cart").click()
    page.locator("[data-add-status]").filter(has_text="Added").wait_for()
    assert audit(page, zine.get_absolute_url()) == []
    both_widths(page, "pwyc-product")
    page.goto("/cart/")
    lines = page.locator(".cart-lines").inner_text()
    assert "£4.00" in lines and "pay what you can; list £10.00" in lines
    mine = page.get_by_label("Pay what you can for Anarchy Zine (£)")
    mine.fill("12.50")
    page.get_by_role("button", name="Change amount for Anarchy Zine").click()
    page.get_by_text("You pay £12.50 for “Anarchy Zine”.").wait_for()
    assert "£15.00" in page.locator(".cart-totals").inner_text()  # + £2.50 post
    assert audit(page, "/cart/") == []
    both_widths(page, "pwyc-cart")
    page.locator("#main").get_by_role("link", name="Check out").click()
    fill_details(page, "Bank transfer")
    assert "£15.00" in page.locator("main").inner_text()
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/checkout/order/[\w-]+/$"))
    line = Order.objects.get().lines.get()
    assert (line.price_choice, line.unit_price) == ("pwyc", Decimal("12.50"))

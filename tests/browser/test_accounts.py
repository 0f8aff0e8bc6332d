"""Returning customers, walked in Chromium (issue 9's “Done when”)."""

import re

import pytest
from django.contrib.auth.models import Permission, User

from accounts.models import StockAlert
from checkout.models import Order
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.test_accessibility import AUDIT
from tests.factories import (
    make_address,
    make_customer,
    make_order,
    make_postage,
    make_product,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "red-flag-over-the-mill"


def shoot(page, name):
    """Save the page at desktop and phone widths."""
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def link(message, start):
    found = re.search(r"https?://[^/\s]+(" + re.escape(start) + r"\S*)", message.body)
    assert found, message.body
    return found.group(1)


def guest_order(page, product):
    page.goto(product.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    page.locator("[data-add-status]").filter(has_text="Added").wait_for()
    page.goto("/checkout/details/")
    page.get_by_label("Email").fill("lucy@example.org")
    page.get_by_label("Full name").fill("Lucy Parsons")
    page.get_by_label("Address line 1").fill("1 Haymarket Square")
    page.get_by_label("Town or city").fill("Bristol")
    page.get_by_label("Postcode or ZIP").fill("BS1 1AA")
    page.get_by_label("Royal Mail (UK) — £2.50").check()
    page.get_by_label("Bank transfer").check()
    page.get_by_label("I accept the terms of sale").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/checkout/order/[\w-]+/$"))


def sign_in(page, email, password):
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_guest_saves_details_then_signs_in_buys_again_with_the_saved_address(
    page, live_server, mailoutbox
):
    make_postage()
    book = make_product(title="Mutual Aid", stock=5)
    guest_order(page, book)
    order = Order.objects.get()

    page.get_by_label("Choose a password").fill(PASSWORD)
    shoot(page, "accounts-save-details-offer")
    page.get_by_role("button", name="Save my details").click()
    assert "Check your email" in page.locator("main").inner_text()

    page.goto(link(mailoutbox[-1], "/account/verify/"))
    page.get_by_label("Your password").fill(PASSWORD)
    shoot(page, "accounts-confirm-email")
    page.get_by_role("button", name="Confirm and sign in").click()
    page.wait_for_url("**/account/")
    assert "Your earlier order now appears" in page.locator(".messages").inner_text()

    page.get_by_role("button", name="Sign out").click()
    assert "You are signed out." in page.locator(".messages").inner_text()
    sign_in(page, "Lucy@example.org", PASSWORD)
    page.get_by_role("link", name="My account").click()
    orders = page.locator("main").inner_text()
    assert f"Order {order.number}" in orders and "1 × Mutual Aid" in orders
    shoot(page, "accounts-my-account")

    page.get_by_role("button", name=f"Buy again order {order.number}").click()
    page.wait_for_url("**/cart/")
    assert "We added 1 item from order" in page.locator(".messages").inner_text()
    page.goto("/checkout/details/")
    assert page.get_by_label("Email").input_value() == "lucy@example.org"
    assert page.get_by_label("Address line 1").input_value() == "1 Haymarket Square"
    shoot(page, "accounts-checkout-prefilled")
    page.get_by_label("Royal Mail (UK) — £2.50").check()
    page.get_by_label("Bank transfer").check()
    page.get_by_label("I accept the terms of sale").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/checkout/order/[\w-]+/$"))
    second = Order.objects.exclude(pk=order.pk).get()
    assert second.user.email == "lucy@example.org"
    assert second.line1 == "1 Haymarket Square"
    assert "Save your details" not in page.locator("main").inner_text()


def test_forgotten_password_by_the_emailed_link(page, mailoutbox):
    make_customer("rosa@example.org", password="a forgotten passphrase")
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email").fill("rosa@example.org")
    shoot(page, "accounts-forgotten-password")
    page.get_by_role("button", name="Send me a link").click()
    assert "If that address has an account" in page.locator("main").inner_text()

    page.goto(link(mailoutbox[-1], "/account/password/reset/"))
    page.get_by_label("New password", exact=True).fill("a remembered passphrase")
    page.get_by_label("New password confirmation").fill("a remembered passphrase")
    shoot(page, "accounts-new-password")
    page.get_by_role("button", name="Save my new password").click()
    page.wait_for_url("**/account/")
    assert "Your new password is set" in page.locator(".messages").inner_text()
    assert User.objects.get().check_password("a remembered passphrase")


def test_alert_sign_up_then_staff_restock_sends_one_email_whose_link_opens_the_page(
    page, browser, live_server, mailoutbox
):
    book = make_product(title="Sold Out Pamphlet", stock=0)
    page.goto(book.get_absolute_url())
    page.get_by_label("Email me when it’s back").fill("reader@example.org")
    shoot(page, "accounts-alert-sign-up")
    page.get_by_role("button", name="Email me when it’s back").click()
    assert "Check your email" in page.locator("main").inner_text()
    page.goto(link(mailoutbox[-1], "/account/alerts/confirm/"))
    assert "We will email reader@example.org once" in page.locator("main").inner_text()

    staff = User.objects.create_user(
        "kim", "kim@example.org", "a long test passphrase", is_staff=True
    )
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["view_product", "change_product"])
    )
    admin = browser.new_page(base_url=live_server.url)
    admin.goto("/admin/catalog/product/")
    admin.get_by_label("Username").fill("kim")
    admin.get_by_label("Password").fill("a long test passphrase")
    admin.get_by_role("button", name="Log in").click()
    admin.get_by_role("link", name="Sold Out Pamphlet").click()
    admin.get_by_role("spinbutton", name="Stock").fill("12")
    admin.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in admin.locator(".messagelist").inner_text()
    admin.close()

    back = [m for m in mailoutbox if "is back" in m.subject]
    assert len(back) == 1 and back[0].to == ["reader@example.org"]
    assert StockAlert.objects.get().status == StockAlert.Status.SENT
    page.goto(link(back[0], "/products/"))
    assert page.get_by_role("heading", name="Sold Out Pamphlet").is_visible()
    assert page.get_by_role("button", name="Add to cart").is_visible()
    shoot(page, "accounts-back-in-stock")


def test_account_pages_pass_the_accessibility_audit(page, postage_and_orders):
    found = {}

    def check(name, url=None):
        if url:
            page.goto(url)
        if problems := page.evaluate(AUDIT):
            found[name] = problems

    sold_out = make_product(title="Sold Out Pamphlet", stock=0)
    for name, url in {
        "sign in": "/account/sign-in/",
        "sign up": "/account/sign-up/",
        "forgotten password": "/account/password/forgotten/",
        "alert form": sold_out.get_absolute_url(),
    }.items():
        check(name, url)
    page.goto("/account/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    check("sign in with errors")

    page.get_by_label("Email address").fill("rosa@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/")
    order = postage_and_orders
    for name, url in {
        "my account": "/account/",
        "order": f"/account/orders/{order.number}/",
        "addresses": "/account/addresses/",
        "new address": "/account/addresses/new/",
        "alerts": "/account/alerts/",
        "email": "/account/email/",
        "password": "/account/password/",
        "your data": "/account/data/",
        "alert form signed in": sold_out.get_absolute_url(),
    }.items():
        check(name, url)
    page.goto("/account/addresses/new/")
    page.get_by_role("button", name="Save the address").click()
    check("new address with errors")
    page.goto("/account/")
    assert f"Order {order.number}" in page.locator("main").inner_text()
    assert found == {}


@pytest.fixture
def postage_and_orders(db):
    _, posted, _ = make_postage()
    user = make_customer("rosa@example.org", password=PASSWORD)
    make_address(user, is_default=True)
    make_address(user)
    order = make_order((make_product(), 1), method=posted, email=user.email)
    Order.objects.filter(pk=order.pk).update(user=user)
    return order

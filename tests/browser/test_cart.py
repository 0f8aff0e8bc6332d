"""A shopper fills the cart from a product page and picks postage to Europe."""

import re
from decimal import Decimal

import pytest

from cart import demo
from cart.models import CartLine, Zone
from shop.money import format_money
from tests.browser.conftest import screenshot
from tests.factories import make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "The Truth about Trotsky"


@pytest.fixture
def trotsky():
    demo.load()
    return make_product(
        title=TITLE,
        page_count=80,
        price=Decimal("4.00"),
        weight_grams=110,
        stock=25,
        year=2021,
        authors=["Anarchist Communist Group"],
    )


def europe_postage(weight_grams, subtotal):
    """Work out the cheapest Europe postage from the demo rate rows themselves."""
    prices = []
    for method in Zone.objects.get(name="Europe").methods.filter(is_active=True):
        band = method.bands.filter(
            min_grams__lte=weight_grams, max_grams__gt=weight_grams
        ).first()
        if band is None:
            continue
        if method.free_over is not None and subtotal >= method.free_over:
            prices.append(Decimal("0.00"))
        else:
            prices.append(band.price + method.handling_charge)
    return min(prices)


def mini_cart(page):
    return page.locator("#mini-cart")


def header_cart_link(page):
    """The header's way to the cart: the compact link on a phone, Cart when wide."""
    return page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Cart"))


def change_quantity_and_pick_europe(page, product):
    """From a page with the item in the cart: open the cart, buy 3, send to France.

    The cart page shows no mini cart; back on the product page, the mini cart
    agrees with what the cart page said.
    """
    header_cart_link(page).click()
    page.wait_for_url("**/cart/")
    assert mini_cart(page).count() == 0
    page.get_by_label(f"Quantity of {TITLE}").fill("3")
    page.get_by_role("button", name="Update", exact=True).click()
    assert "Your cart is up to date." in page.locator(".messages").inner_text()
    page.get_by_label("Destination country").select_option(label="France")
    page.get_by_role("button", name="Update postage").click()
    assert "Postage method to France" in page.locator(".cart-postage").inner_text()

    subtotal = 3 * product.price
    postage = europe_postage(3 * product.weight_grams, subtotal)
    total = subtotal + postage
    assert page.locator('[data-total="subtotal"]').inner_text() == "£12.00"
    assert page.locator('[data-total="shipping"]').inner_text() == format_money(postage)
    assert page.locator('[data-total="total"]').inner_text() == format_money(total)
    page.goto(product.get_absolute_url())
    if page.viewport_size["width"] >= 800:
        mini = " ".join(mini_cart(page).inner_text().split())
        assert f"3 × {TITLE}" in mini
        assert f"{format_money(postage)} Shipping" in mini
        assert f"{format_money(total)} Total" in mini
    else:
        link = " ".join(header_cart_link(page).inner_text().split())
        assert link == f"Cart 3 items {format_money(total)}"
    page.goto("/cart/")
    return postage, total


def test_adding_with_javascript_updates_the_mini_cart_in_place(page, trotsky):
    refused = []
    page.on(
        "console",
        lambda msg: (
            refused.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    page.goto(trotsky.get_absolute_url())
    assert "No products" in mini_cart(page).inner_text()
    page.evaluate("window.stillThisPage = true")

    page.get_by_label("Quantity").fill("1")
    button = page.get_by_role("button", name="Add to cart")
    button.click()

    status = page.locator("[data-add-status]")
    status.filter(has_text="Added").wait_for()
    assert status.inner_text() == f"Added 1 × “{TITLE}” to your cart."
    assert status.get_attribute("role") == "status"
    assert f"1 × {TITLE}" in mini_cart(page).inner_text()
    assert "£4.00 Total" not in mini_cart(page).inner_text()  # postage is added
    assert page.evaluate("window.stillThisPage") is True  # no navigation
    assert page.evaluate("document.activeElement.textContent") == "Add to cart"
    screenshot(page, "cart-added-with-js-desktop")

    postage, total = change_quantity_and_pick_europe(page, trotsky)
    assert postage > 0
    screenshot(page, "cart-page-europe-desktop")

    # Removing from the mini cart by script moves focus into the mini cart.
    page.goto("/")
    mini_cart(page).get_by_role("button", name=f"Remove {TITLE}").click()
    mini_cart(page).get_by_text("No products").wait_for()
    assert page.evaluate("document.activeElement.textContent") == "No products"
    status = page.locator("#mini-cart [data-cart-status]")
    status.filter(has_text="Removed").wait_for()
    assert status.inner_text() == f"Removed “{TITLE}” from your cart."
    assert refused == []  # the script keeps to the site's CSP


def test_adding_without_javascript_redirects_back_with_a_message(no_js_page, trotsky):
    page = no_js_page
    page.goto(trotsky.get_absolute_url())

    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()

    page.wait_for_load_state()
    assert page.url.endswith(trotsky.get_absolute_url())
    messages = page.locator(".messages").inner_text()
    assert f"Added 2 × “{TITLE}” to your cart." in messages
    assert f"2 × {TITLE}" in mini_cart(page).inner_text()

    change_quantity_and_pick_europe(page, trotsky)
    screenshot(page, "cart-page-europe-no-js")

    # Without a script, removing from the mini cart posts and comes back.
    page.goto(trotsky.get_absolute_url())
    mini_cart(page).get_by_role("button", name=f"Remove {TITLE}").click()
    messages = page.locator(".messages").inner_text()
    assert f"Removed “{TITLE}” from your cart." in messages
    assert "No products" in mini_cart(page).inner_text()


def test_the_cart_on_a_phone(phone_page, trotsky):
    page = phone_page
    page.goto(trotsky.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    page.locator("[data-add-status]").filter(has_text="Added").wait_for()
    screenshot(page, "cart-added-with-js-phone")
    change_quantity_and_pick_europe(page, trotsky)
    screenshot(page, "cart-page-europe-phone")
    # Nothing of the cart sticks out sideways at 360 px.
    widest = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll(
            '#mini-cart, #mini-cart *, .cart-page, .cart-page *'
        )].map(e => e.getBoundingClientRect().right))"""
    )
    assert widest <= 360


def test_a_lost_connection_is_told_and_nothing_is_lost(page, trotsky):
    page.goto(trotsky.get_absolute_url())
    page.route("**/cart/add/", lambda route: route.abort("internetdisconnected"))
    page.evaluate("window.stillThisPage = true")

    page.get_by_role("button", name="Add to cart").click()

    status = page.locator("[data-add-status]")
    status.filter(has_text="could not reach").wait_for()
    assert status.inner_text() == (
        "We could not reach the shop, so nothing has changed. "
        "Please check your connection and try again."
    )
    assert "is-error" in status.get_attribute("class")
    assert page.evaluate("window.stillThisPage") is True
    button = page.get_by_role("button", name="Add to cart")
    assert button.is_enabled()
    assert page.evaluate("document.activeElement.textContent") == "Add to cart"
    assert not CartLine.objects.exists()

    # Back online, the same button works.
    page.unroute("**/cart/add/")
    button.click()
    status.filter(has_text="Added").wait_for()
    assert CartLine.objects.get().quantity == 1


@pytest.mark.parametrize("status", [403, 500])
def test_a_page_other_than_the_carts_reply_falls_back_to_posting(page, trotsky, status):
    """A 403 (lost session) or 500 from the script's post: the form posts anyway."""

    def fail_the_script_only(route):
        if "application/json" in (route.request.headers.get("accept") or ""):
            route.fulfill(status=status, content_type="text/html", body="<h1>No</h1>")
        else:
            route.continue_()

    page.goto(trotsky.get_absolute_url())
    page.route("**/cart/add/", fail_the_script_only)

    page.get_by_role("button", name="Add to cart").click()

    page.locator(".messages").filter(has_text="Added").wait_for()
    assert (
        f"Added 1 × “{TITLE}” to your cart." in page.locator(".messages").inner_text()
    )
    assert f"1 × {TITLE}" in mini_cart(page).inner_text()
    assert CartLine.objects.get().quantity == 1


def test_removing_a_line_already_gone_says_so_and_shows_the_real_cart(page, trotsky):
    page.goto(trotsky.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    page.locator("[data-add-status]").filter(has_text="Added").wait_for()
    CartLine.objects.all().delete()  # removed meanwhile, in another tab

    mini_cart(page).get_by_role("button", name=f"Remove {TITLE}").click()

    status = page.locator("#mini-cart [data-cart-status]")
    status.filter(has_text="no longer").wait_for()
    assert status.inner_text() == "That product was no longer in your cart."
    assert "No products" in mini_cart(page).inner_text()
    assert page.evaluate("document.activeElement.textContent") == "No products"


def test_the_cart_page_shows_the_cart_once_and_removes_a_line_in_place(page, trotsky):
    other = make_product(title="Another pamphlet", price=Decimal("2.00"))
    for product in (trotsky, other):
        page.goto(product.get_absolute_url())
        page.get_by_role("button", name="Add to cart").click()
        page.locator("[data-add-status]").filter(has_text="Added").wait_for()
    page.goto("/cart/")
    assert mini_cart(page).count() == 0  # no mini cart repeating the page

    page.get_by_role("button", name="Remove Another pamphlet").click()

    page.locator(".messages").filter(has_text="Removed").wait_for()
    assert "Another pamphlet" not in page.locator(".cart-lines").inner_text()
    assert page.locator('[data-total="subtotal"]').inner_text() == "£4.00"


def test_the_cart_page_on_a_320_px_phone(browser, live_server, trotsky):
    """Labels, groups and errors a screen reader finds; nothing scrolls sideways."""
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    second = make_product(title="Another pamphlet", weight_grams=900, stock=50)
    for product in (trotsky, second):
        page.goto(product.get_absolute_url())
        page.get_by_role("button", name="Add to cart").click()
        page.locator("[data-add-status]").filter(has_text="Added").wait_for()
    page.goto("/cart/")

    postage = page.get_by_role("group", name="Postage", exact=True)
    assert postage.get_by_label("Destination country").count() == 1
    methods = postage.get_by_role("group", name="Postage method to United Kingdom")
    assert methods.get_by_role("radio").count() == 3

    quantity = page.get_by_label(f"Quantity of {TITLE}")
    quantity.fill("-2")
    # The browser's own check stops "-2"; a script-less old browser would not.
    quantity.evaluate("field => field.form.noValidate = true")
    page.get_by_role("button", name="Update", exact=True).click()
    quantity = page.get_by_label(f"Quantity of {TITLE}")
    assert quantity.get_attribute("aria-invalid") == "true"
    described = quantity.evaluate(
        """field => field.getAttribute('aria-describedby').split(' ')
            .map(id => document.getElementById(id).textContent).join(' | ')"""
    )
    assert described.startswith("Enter 0 to remove a line, or a quantity of 1")
    assert quantity.input_value() == "-2"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "cart-page-error-320")

    # Too heavy for Europe: no postage is offered, none is pretended.
    page.get_by_label(f"Quantity of {TITLE}").fill("1")
    page.get_by_label("Quantity of Another pamphlet").fill("3")
    page.get_by_role("button", name="Update", exact=True).click()
    page.get_by_label("Destination country").select_option(label="France")
    page.get_by_role("button", name="Update postage").click()
    assert page.locator('[data-total="shipping"]').inner_text() == "Not available"
    assert page.get_by_role("link", name="Check out").count() == 0
    screenshot(page, "cart-page-cannot-post-320")

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()

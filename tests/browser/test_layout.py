"""The demo shop at 320, 390 and 1280 px: what a shopper sees on a phone and wide.

Each point is measured in the page (visible text, roles, boxes), and every
page is saved as a screenshot per width in tests/browser/screenshots/.
"""

import re

import pytest
from django.core.management import call_command

from catalog.models import Product
from tests.browser.conftest import TEXT_LINES, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONES = [320, 390]
WIDTHS = [*PHONES, 1280]

# Runs in the page: does the placeholder fit inside its search box?
PLACEHOLDER_FITS = """input => {
  const style = getComputedStyle(input);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = input.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
  return context.measureText(input.placeholder).width <= room;
}"""


@pytest.fixture
def at_width(browser, live_server):
    """Open a page of the demo shop at a given width; close them all at the end."""
    call_command("load_demo", verbosity=0)
    contexts = []

    def open_page(width):
        context = browser.new_context(
            viewport={"width": width, "height": 800},
            base_url=live_server.url,
            is_mobile=width < 800,
            has_touch=width < 800,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def trotsky_url():
    return Product.objects.get(title="The Truth about Trotsky").get_absolute_url()


def banner_cart(page):
    return page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Cart"))


def fits_the_screen(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_shows_the_cart_compactly_on_a_phone_and_fully_when_wide(
    at_width, width
):
    page = at_width(width)
    page.goto("/")
    search = page.get_by_role("searchbox", name="Search the shop")
    assert search.evaluate(PLACEHOLDER_FITS), f"placeholder cut off at {width} px"
    header = page.get_by_role("banner").bounding_box()
    if width in PHONES:
        # One compact link with the count and total, on one line.
        link = banner_cart(page)
        assert link.inner_text().split() == ["Cart", "0", "items", "£0.00"]
        assert link.evaluate(TEXT_LINES) == 1
        assert page.locator(".mini-cart__full").is_hidden()
        assert header["height"] < 150, "the header takes a screen of its own"
    else:
        # The seed's empty mini cart, as a quiet line: no box, no red button.
        assert page.locator(".mini-cart__summary").is_hidden()
        mini = " ".join(page.locator("#mini-cart").inner_text().split())
        assert mini == "No products £0.00 Shipping £0.00 Total Cart Check out"
        check_out = page.locator("#mini-cart").get_by_role("link", name="Check out")
        assert check_out.evaluate("a => getComputedStyle(a).backgroundColor") in (
            "rgba(0, 0, 0, 0)",
            "transparent",
        )
        assert page.locator("#mini-cart").bounding_box()["height"] < 80
    assert fits_the_screen(page)
    screenshot(page, f"layout-home-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_product_page_buy_box_and_the_new_products_block(at_width, width):
    page = at_width(width)
    page.goto(trotsky_url())
    buy_box = page.locator(".buy-box").bounding_box()
    main = page.locator("main").bounding_box()
    button = page.get_by_role("button", name="Add to cart", exact=True)
    assert button.evaluate(TEXT_LINES) == 1, f"“Add to cart” wraps at {width} px"
    block = page.locator(".new-products")
    titles = block.locator(".new-products__title")
    shown = [t for t in titles.all() if t.is_visible()]
    if width in PHONES:
        assert buy_box["width"] >= main["width"] - 1, "the buy box is squeezed"
        assert len(shown) == 5
    else:
        assert len(shown) == 20  # as on the seed page
    assert block.get_by_role("link", name="» All new products").is_visible()
    assert fits_the_screen(page)
    screenshot(page, f"layout-product-{width}")

    if width in PHONES:
        # Adding updates the compact link; it leads to the cart page, which
        # shows the cart once, with no mini cart above it.
        button.click()
        page.locator("[data-add-status]").filter(has_text="Added").wait_for()
        link = banner_cart(page)
        page.wait_for_function(
            "() => document.querySelector('.mini-cart__summary')"
            ".textContent.includes('1 item')"
        )
        total = link.inner_text().split()[-1]
        link.click()
        page.wait_for_url("**/cart/")
        assert page.locator("#mini-cart").count() == 0
        assert page.locator('[data-total="total"]').inner_text() == total
        assert fits_the_screen(page)
        screenshot(page, f"layout-cart-{width}")


@pytest.mark.parametrize("width", [390, 1280])
def test_checkout_shows_no_mini_cart(at_width, width):
    page = at_width(width)
    page.goto(trotsky_url())
    page.get_by_role("button", name="Add to cart", exact=True).click()
    page.locator("[data-add-status]").filter(has_text="Added").wait_for()
    page.goto("/cart/")
    page.get_by_role("link", name="Check out").click()
    page.wait_for_url("**/checkout/details/")
    assert page.locator("#mini-cart").count() == 0
    assert fits_the_screen(page)
    screenshot(page, f"layout-checkout-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_no_subject_card_on_the_home_page_is_an_empty_box(at_width, width):
    page = at_width(width)
    page.goto("/")
    cards = page.locator(".subjects__item")
    assert cards.count() >= 3
    for card in cards.all():
        name = card.locator(".subjects__name").inner_text()
        rest = card.inner_text().replace(name, "", 1).strip()
        assert rest, f"the {name} card shows nothing but its name"
    calendars = cards.filter(has=page.get_by_role("link", name="Calendars"))
    assert re.search(r"\b1 title\b", calendars.inner_text())

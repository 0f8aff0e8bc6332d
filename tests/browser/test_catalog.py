"""A shopper walks the catalogue in a real browser, on a desktop and on a phone."""

import re

import pytest

from tests.browser.conftest import TEXT_LINES, screenshot
from tests.factories import (
    make_category,
    make_contributor,
    make_cover,
    make_product,
    make_publisher,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = (
    "This pamphlet hopes to provide evidence of the real nature of Trotsky’s role "
    "within the Russian Revolution. "
    * 6
    + "\n\nFar from being a champion of Soviet democracy, he was “a knight of "
    "bureaucracy”, and a stern advocate of repression. " * 4
)


def seed_catalogue():
    """Create a small shop like the seed page's."""
    acg = make_contributor(
        name="Anarchist Communist Group", is_organisation=True, byline_article="the"
    )
    acg_press = make_publisher(name="Anarchist Communist Group", short_name="ACG")
    brhg = make_publisher(name="Bristol Radical History Group", short_name="BRHG")
    freedom = make_publisher(name="Freedom Press")
    books = make_category(name="Books")
    history = make_category(name="History", parent=books)
    pamphlets = make_category(name="Pamphlets")
    badges = make_category(name="Badges")
    make_product(
        title="Solidarity badge",
        format="badge",
        price="1.00",
        categories=[badges],
        cover=make_cover(color=(20, 20, 20), width=300, height=300),
    )
    make_product(
        title="Workers in Stalin's Russia",
        authors=["Marie Louise Berneri"],
        publisher=freedom,
        year=2020,
        price="3.00",
        categories=[history],
        cover=make_cover(color=(40, 60, 120), width=200, height=300),
    )
    make_product(
        title="Cry of the poor",
        subtitle="Being a Letter from Sixteen Working Men of Bristol",
        publisher=brhg,
        year=2021,
        price="4.50",
        stock=2,
        categories=[pamphlets],
    )
    make_product(
        title="De-convicted",
        subtitle="The convicts who got a second chance",
        authors=["Colin Thomas"],
        publisher=brhg,
        year=2021,
        price="7.00",
        stock=0,
        categories=[history],
    )
    make_product(
        title="Another ACG booklet",
        authors=[acg],
        publisher=acg_press,
        year=2019,
        price="2.50",
        categories=[pamphlets],
    )
    return make_product(
        title="The Truth about Trotsky",
        page_count=80,
        year=2021,
        authors=[acg],
        publisher=acg_press,
        price="3.50",
        isbn="9780306406157",
        categories=[pamphlets],
        description=DESCRIPTION,
    )


def assert_fits_the_screen(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"


def test_shopper_browses_from_home_to_a_product_to_new_products_and_searches(page):
    trotsky = seed_catalogue()
    console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and console_errors.append(message.text),
    )

    page.goto("/")
    assert page.get_by_role("heading", level=1).is_visible()
    screenshot(page, "catalog-home-desktop")

    page.locator("main").get_by_role("link", name="The Truth about Trotsky").click()
    page.wait_for_url(f"**{trotsky.get_absolute_url()}")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "The Truth about Trotsky"
    assert page.locator(".byline").inner_text() == (
        "80 page booklet by the Anarchist Communist Group, 2021"
    )
    mini_cart = page.locator("#mini-cart").inner_text()
    for text in ["No products", "£0.00", "Shipping", "Total", "Cart", "Check out"]:
        assert text in mini_cart
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb").inner_text()
    assert re.search(r"Home\W+Pamphlets\W+The Truth about Trotsky", breadcrumb)
    assert page.get_by_role("heading", name="More from this publisher").is_visible()
    screenshot(page, "catalog-product-desktop")

    details = page.locator("#details")
    assert page.evaluate("window.scrollY") == 0
    page.get_by_role("link", name="More details").click()
    page.wait_for_url("**#details")
    # The jump brings the description to the top of the window.
    page.wait_for_function(
        "() => Math.abs(document.getElementById('details')"
        ".getBoundingClientRect().top) < 3"
    )
    assert page.evaluate("window.scrollY") > 0
    assert "a knight of bureaucracy" in details.inner_text()

    page.get_by_role("link", name="» All new products").click()
    page.wait_for_url("**/new-products/")
    assert page.get_by_role("heading", level=1).inner_text() == "New products"
    assert page.locator("main .product-card").count() == 6
    screenshot(page, "catalog-new-products-desktop")

    search = page.get_by_role("searchbox", name="Search the shop")
    search.fill("Trotsky")
    search.press("Enter")
    page.wait_for_url("**/search/?q=Trotsky")
    assert (
        "Search results for “Trotsky”"
        in page.get_by_role("heading", level=1).inner_text()
    )
    results = page.locator("main .product-card__title").all_inner_texts()
    assert results == ["The Truth about Trotsky"]
    screenshot(page, "catalog-search-desktop")
    # Nothing on these pages broke the Content Security Policy (or anything else).
    assert console_errors == []


def test_keyboard_reaches_the_skip_link_then_the_search_box(page):
    seed_catalogue()
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("Berneri")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Berneri")
    assert page.locator("main .product-card__title").all_inner_texts() == [
        "Workers in Stalin's Russia"
    ]


def test_phone_shopper_sees_readable_pages_without_sideways_scrolling(phone_page):
    trotsky = seed_catalogue()
    page = phone_page
    for url, name in [
        ("/", "catalog-home-phone"),
        (trotsky.get_absolute_url(), "catalog-product-phone"),
        ("/new-products/", "catalog-new-products-phone"),
        ("/search/?q=bristol", "catalog-search-phone"),
        ("/no-such-page/", "catalog-404-phone"),
    ]:
        page.goto(url)
        assert_fits_the_screen(page)
        screenshot(page, name)
    # The smallest phones still in use are 320 px wide.
    page.set_viewport_size({"width": 320, "height": 640})
    for url in ["/", trotsky.get_absolute_url(), "/search/?q=bristol"]:
        page.goto(url)
        assert_fits_the_screen(page)
    screenshot(page, "catalog-search-320")
    page.goto(trotsky.get_absolute_url())
    # On a phone the sidebar comes after the product, not beside it.
    product_box = page.locator(".product").bounding_box()
    sidebar_box = page.locator(".sidebar").bounding_box()
    assert sidebar_box["y"] > product_box["y"] + product_box["height"]


def test_sort_and_search_work_without_javascript(no_js_page):
    seed_catalogue()
    page = no_js_page
    page.goto("/new-products/")
    page.get_by_label("Sort by").select_option("price")
    page.get_by_role("button", name="Sort").click()
    page.wait_for_url("**/new-products/?sort=price")
    prices = page.locator("main .product-card .price").all_inner_texts()
    assert prices == ["£1.00", "£2.50", "£3.00", "£3.50", "£4.50", "£7.00"]
    page.get_by_role("searchbox", name="Search the shop").fill("978-0-306-40615-7")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.locator("main .product-card__title").all_inner_texts() == [
        "The Truth about Trotsky"
    ]


def test_header_keeps_the_cart_links_on_one_line_at_every_width(page):
    trotsky = seed_catalogue()
    page.goto(trotsky.get_absolute_url())
    banner = page.get_by_role("banner")
    for width in [1280, 1024, 800]:
        page.set_viewport_size({"width": width, "height": 800})
        for name in ["Cart", "Check out"]:
            link = banner.get_by_role("link", name=name, exact=True)
            assert link.evaluate(TEXT_LINES) == 1, f"“{name}” wraps at {width} px"
        assert_fits_the_screen(page)
        if width == 1280:
            screenshot(page, "catalog-header-desktop")
    page.get_by_role("button", name="Add to cart", exact=True).click()
    page.locator("#mini-cart").get_by_text("1 item in your cart").wait_for()
    for width in [360, 320]:
        page.set_viewport_size({"width": width, "height": 800})
        # The phone's compact link: count and total on one line.
        link = banner.get_by_role("link", name=re.compile(r"^Cart 1 item £\d+\.\d\d$"))
        assert link.evaluate(TEXT_LINES) == 1, f"the cart link wraps at {width} px"
        assert_fits_the_screen(page)


def test_a_full_mini_cart_wraps_long_titles_and_leaves_the_search_box_room(page):
    seed_catalogue()
    long_title = make_product(
        title="Peter Kropotkin: Memoirs of a Revolutionist, the complete edition"
    )
    page.goto(long_title.get_absolute_url())
    page.get_by_role("button", name="Add to cart", exact=True).click()
    page.locator("#mini-cart").get_by_text("1 item in your cart").wait_for()
    page.goto("/")
    cart = page.locator(".site-header__cart").bounding_box()
    search = page.locator("#search-q").bounding_box()
    rem = page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )
    assert cart["width"] <= 22 * rem + 1
    assert search["width"] >= 10 * rem
    # Shop name and search stay at the top of the header, beside the cart.
    assert abs(search["y"] - cart["y"]) < 2 * rem
    assert_fits_the_screen(page)
    screenshot(page, "catalog-header-full-cart-desktop")

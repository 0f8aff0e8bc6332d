import pytest

from tests.browser.conftest import screenshot
from tests.factories import make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shopper_opens_a_product_page_and_sees_the_empty_mini_cart(page):
    product = make_product(title="The Truth about Trotsky", page_count=80)
    page.goto(product.get_absolute_url())
    assert (
        page.get_by_role("heading", level=1).inner_text() == "The Truth about Trotsky"
    )
    assert "No products" in page.locator("#mini-cart").inner_text()
    screenshot(page, "smoke-product")

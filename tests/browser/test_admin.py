from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User

from tests.browser.conftest import screenshot
from tests.factories import make_contributor, make_cover, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_staff():
    staff = User.objects.create_user(
        "kim", "kim@example.org", "a long test passphrase", is_staff=True
    )
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="catalog",
            codename__in=["view_product", "change_product"],
        )
    )
    return staff


def test_staff_changes_a_price_in_admin_and_the_shop_shows_it(page):
    make_staff()
    acg = make_contributor(
        name="Anarchist Communist Group", is_organisation=True, byline_article="the"
    )
    product = make_product(
        title="The Truth about Trotsky",
        page_count=80,
        year=2021,
        authors=[acg],
        price=Decimal("3.00"),
        cover=make_cover(width=600, height=900),
    )

    page.goto("/admin/")
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill("a long test passphrase")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Products").first.click()
    row = page.locator("#result_list tbody tr", has_text="The Truth about Trotsky")
    assert "80 page booklet by the Anarchist Communist Group, 2021" in row.inner_text()
    thumbnail = row.locator(".field-thumbnail img").get_attribute("src")
    assert thumbnail.startswith("/media/covers/thumbs/")
    screenshot(page, "admin-product-list")
    row.get_by_role("link", name="The Truth about Trotsky").click()

    price = page.get_by_label("Price:", exact=True)
    assert price.input_value() == "3.00"
    price.fill("3.50")
    screenshot(page, "admin-product-change")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto(product.get_absolute_url())
    assert page.locator(".price").inner_text() == "£3.50"
    screenshot(page, "admin-price-on-product-page")

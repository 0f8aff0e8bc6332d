from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User

from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import AUDIT
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


def authenticator_code(secret, *, steps=0):
    """What an authenticator app given the typed-in ``secret`` shows now."""
    from base64 import b32decode

    from django_otp.oath import TOTP

    secret = secret.replace(" ", "")
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time += steps * 30
    return f"{totp.token():06d}"


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_staff_set_up_an_authenticator_app_when_two_factor_is_compulsory(
    request, settings, width
):
    settings.STAFF_REQUIRE_2FA = True
    page = request.getfixturevalue("page" if width == "desktop" else "phone_page")
    make_staff()

    page.goto("/admin/catalog/product/")
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill("a long test passphrase")
    page.get_by_role("button", name="Log in").click()

    # Sent to set up an app before anything else.
    page.get_by_role("heading", name="Set up two-factor sign-in").wait_for()
    assert "Set one up to carry on." in page.content()
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    secret = page.locator("code").inner_text()
    assert page.evaluate(AUDIT) == []  # the admin's header included
    screenshot(page, f"admin-two-factor-setup-{width}")

    code = page.get_by_label("Code from your authenticator app")
    code.fill(authenticator_code(secret, steps=-10))
    page.get_by_role("button", name="Confirm").click()
    assert "That code is wrong or has expired" in page.locator("main").inner_text()
    assert page.evaluate(AUDIT) == []  # the admin's header included
    screenshot(page, f"admin-two-factor-wrong-code-{width}")

    page.wait_for_timeout(1500)  # wrong codes slow down: 1 s after the first
    code.fill(authenticator_code(secret))
    page.get_by_role("button", name="Confirm").click()
    assert (
        "Your authenticator app is set up" in page.locator(".messagelist").inner_text()
    )
    assert page.url.endswith("/admin/catalog/product/")

    # From now on the sign-in asks for the app's code.
    page.get_by_role("button", name="Log out").click()
    page.goto("/admin/")
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill("a long test passphrase")
    page.get_by_role("button", name="Log in").click()
    assert "Enter the 6-digit code" in page.locator("main").inner_text()
    page.get_by_label("Password").fill("a long test passphrase")
    page.get_by_label("Code from your authenticator app").fill(
        authenticator_code(secret, steps=1)
    )
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Products").first.wait_for()
    screenshot(page, f"admin-two-factor-signed-in-{width}")

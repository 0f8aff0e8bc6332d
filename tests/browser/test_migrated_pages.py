"""A reader follows an old PrestaShop "About us" link and lands on its page."""

import pytest
from django.contrib.contenttypes.models import ContentType

from migrate_prestashop.models import OldLink, Page
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.test_accessibility import AUDIT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_old_cms_link_lands_on_the_imported_page(page):
    about = Page.objects.create(
        title="About us",
        slug="about-us",
        content="<h2>Who we are</h2><p>A collective since 1996, selling "
        '<strong>radical books</strong> by post. See <a href="/pages/delivery/">'
        "delivery</a>.</p><ul><li>Books</li><li>Pamphlets</li></ul>",
    )
    OldLink.objects.create(
        kind=OldLink.Kind.CMS,
        old_id=4,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=about.pk,
    )
    page.goto("/content/4-about-us")
    page.wait_for_url("**/pages/about-us/")
    page.get_by_role("heading", name="About us", level=1).wait_for()
    page.get_by_role("heading", name="Who we are").wait_for()
    assert page.get_by_role("link", name="delivery").get_attribute("href") == (
        "/pages/delivery/"
    )
    assert page.evaluate(AUDIT) == []
    screenshot(page, "migrated-page-desktop")
    page.set_viewport_size(PHONE)
    assert page.evaluate(AUDIT) == []
    screenshot(page, "migrated-page-phone")
    page.set_viewport_size(DESKTOP)

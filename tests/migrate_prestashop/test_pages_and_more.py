"""CMS pages, newsletter subscribers, supplier links and special prices."""

import pytest

from catalog.models import Publisher
from migrate_prestashop.models import (
    NewsletterSubscriber,
    OldLink,
    Page,
    PastCustomer,
)

pytestmark = pytest.mark.django_db


def test_cms_pages_become_pages_with_their_html_cleaned(imported, client):
    assert set(Page.objects.values_list("slug", "is_published")) == {
        ("delivery", True),
        ("about-us", True),
        ("old-terms", False),
    }
    page = client.get("/pages/about-us/")
    assert page.status_code == 200
    html = page.text
    assert "<h1>About us</h1>" in html and "<h2>About us</h2>" in html
    assert "A collective since 1996." in html
    assert '<a href="http://oldshop.example/content/1-delivery"' in html
    assert "<li>Books</li>" in html
    for unsafe in ("steal()", "onclick", "color:red", "shopfront.jpg"):
        assert unsafe not in html
    assert "shopfront.jpg" in imported  # the dropped picture is reported
    assert client.get("/pages/old-terms/").status_code == 404
    assert "Page not found" in client.get("/pages/no-such/").text


def test_staff_write_pages_in_admin_and_what_they_save_is_cleaned(
    imported, admin_client, client
):
    response = admin_client.post(
        "/admin/migrate_prestashop/page/add/",
        {
            "title": "Opening hours",
            "slug": "hours",
            "content": "<p>Daily.</p><script>alert(1)</script><img src=x onerror=y>",
            "is_published": "on",
            "footer_order": "0",
        },
    )
    assert response.status_code == 302
    assert Page.objects.get(slug="hours").content == "<p>Daily.</p>"
    assert "<p>Daily.</p>" in client.get("/pages/hours/").text


def test_newsletter_subscribers_without_accounts_become_consent_records(imported):
    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.email == "zine.reader@example.net"
    assert subscriber.subscribed_at.strftime("%Y-%m-%d") == "2015-01-02"
    assert subscriber.source == "the old shop's newsletter box"
    # A subscriber with an account: their consent joins the account.
    assert PastCustomer.objects.get(user__email="reader2@example.org").newsletter
    assert "never confirmed or unsubscribed: no consent" in imported
    assert "subscriber: 1 created, 1 joined to their account, 2 skipped" in imported


def test_supplier_links_land_on_the_publisher_of_the_same_name(imported, client):
    pm = Publisher.objects.get(name="PM Press").get_absolute_url()
    assert client.get("/1__pm-press")["Location"] == pm
    assert client.get("/index.php?id_supplier=1&controller=supplier")["Location"] == pm
    assert client.get("/2__gardners").status_code == 404
    assert "2 “Gardners”" in imported
    OldLink.objects.filter(kind="supplier", old_id=2).update(target_url="/")
    assert client.get("/2__gardners")["Location"] == "/"


def test_special_prices_are_listed_precisely(imported):
    section = imported.split("Special prices in the old shop")[1].split("\n\n")[0]
    lines = section.splitlines()[1:]
    assert lines[0].startswith("  product 1 “")
    assert lines[0].endswith(": 10 % off, for everyone, no end date")
    assert lines[1].endswith(
        ": a fixed price of 5.00 before tax, for everyone, until 2040-01-01"
    )
    assert lines[2].endswith(": 20 % off, for group “Wholesale”, no end date")
    assert lines[3].endswith(
        ": 1.00 off (tax included), for everyone, from 10 copies, no end date"
    )
    assert len(lines) == 4  # the ended one, a cart's and a rule's are left out
    assert "1 special prices had ended" in imported


def test_an_imported_page_is_valid_html(imported, client, tmp_path):
    from tests.conftest import require
    from tests.test_valid_html import VNU_JAR, validate

    require(VNU_JAR.exists(), f"no Nu HTML Checker at {VNU_JAR} (npm vnu-jar)")
    pages = {url: client.get(url).text for url in ["/pages/about-us/"]}
    assert validate(pages, tmp_path) == []

"""Information pages in sitemap.xml, and the ones staff choose in the footer."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from migrate_prestashop.models import Page
from tests.catalog.test_views import sitemap_pages
from tests.factories import make_postage, make_product

# Real commits, as on a server: a saved page moves the catalogue version on.
pytestmark = pytest.mark.django_db(transaction=True)


def make_page(**overrides):
    values = {"title": "About us", "slug": "about-us", "content": "<p>Hi.</p>"}
    return Page.objects.create(**(values | overrides))


def footer(response):
    html = response.content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_the_sitemap_lists_published_pages_with_when_they_changed(client):
    about = make_page()
    make_page(title="Old terms", slug="old-terms", is_published=False)
    content = "".join(sitemap_pages(client))
    entry = re.search(r"<url><loc>[^<]*/pages/about-us/</loc>(.*?)</url>", content)
    assert entry, content
    assert f"<lastmod>{about.updated_at.date().isoformat()}" in entry.group(1)
    assert "/pages/old-terms/" not in content


def test_a_page_published_later_joins_the_cached_sitemap(client):
    draft = make_page(slug="delivery", title="Delivery", is_published=False)
    assert "/pages/delivery/" not in "".join(sitemap_pages(client))
    draft.is_published = True
    draft.save()
    assert "/pages/delivery/</loc>" in "".join(sitemap_pages(client))


def test_staff_put_chosen_pages_in_the_footer_in_their_order(admin_client, client):
    make_page(title="About us", slug="about-us")
    make_page(title="Delivery", slug="delivery")
    make_page(title="Old terms", slug="old-terms", is_published=False)
    make_page(title="Hidden", slug="hidden")
    assert "/pages/" not in footer(client.get("/"))  # none chosen yet

    for page, order in (("delivery", 1), ("about-us", 2), ("old-terms", 0)):
        found = Page.objects.get(slug=page)
        response = admin_client.post(
            f"/admin/migrate_prestashop/page/{found.pk}/change/",
            {
                "title": found.title,
                "slug": found.slug,
                "content": found.content,
                "is_published": "on" if found.is_published else "",
                "show_in_footer": "on",
                "footer_order": order,
            },
        )
        assert response.status_code == 302

    shown = footer(client.get("/"))
    links = re.findall(r'<a href="/pages/([^"]+)/">([^<]+)</a>', shown)
    # The unpublished page stays out even though it was chosen.
    assert links == [("delivery", "Delivery"), ("about-us", "About us")]
    # Every page carries the footer, not only the catalogue's.
    assert "/pages/delivery/" in footer(client.get("/pages/hidden/"))
    assert "/pages/delivery/" in footer(client.get("/cart/"))


def test_a_page_taken_out_of_the_footer_leaves_it(client):
    page = make_page(show_in_footer=True)
    assert "/pages/about-us/" in footer(client.get("/new-products/"))
    page.show_in_footer = False
    page.save()
    assert "/pages/about-us/" not in footer(client.get("/new-products/"))
    page.show_in_footer = True
    page.save()
    page.delete()
    assert "/pages/about-us/" not in footer(client.get("/new-products/"))


def test_the_footer_pages_cost_no_query_on_a_page_view(client):
    # A shopper with a cart: pages are rendered for them, so the footer is too.
    make_postage()
    product = make_product()
    client.post("/cart/add/", {"product": product.pk, "quantity": 1})

    def warm_queries():
        client.get(product.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(product.get_absolute_url())
        pages_read = [q for q in queries if "migrate_prestashop_page" in q["sql"]]
        assert not pages_read  # the links come from the cache
        return len(queries), footer(response)

    without, shown = warm_queries()
    assert "/pages/" not in shown
    for n in range(3):
        make_page(title=f"Page {n}", slug=f"page-{n}", show_in_footer=True)
    with_pages, shown = warm_queries()
    assert shown.count('href="/pages/') == 3
    assert with_pages == without

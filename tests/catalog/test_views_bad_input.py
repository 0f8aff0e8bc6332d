"""Bad input: 404s rather than 500s, nothing echoed unescaped."""

import pytest
from django.test import RequestFactory
from pytest_django.asserts import assertContains, assertNotContains

from shop import views
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/category/no-such-category/",
        "/publisher/no-such-publisher/",
        "/contributor/no-such-person/",
        "/products/0-nothing/",
        "/products/99999999999999999999-huge/",
        "/no-such-page/",
    ],
)
def test_unknown_things_get_the_styled_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, "shop.css", status_code=404)


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "9" * 30, "%00"])
@pytest.mark.parametrize("url", ["/", "/new-products/", "/search/?q=pamphlet", "cat"])
def test_page_number_past_the_end_or_not_a_number_is_a_404(client, url, page):
    category = make_category(name="Pamphlets")
    make_product(title="Pamphlet one", categories=[category])
    if url == "cat":
        url = category.get_absolute_url()
    separator = "&" if "?" in url else "?"
    response = client.get(f"{url}{separator}page={page}")
    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)


def test_page_one_of_an_empty_list_is_fine(client):
    category = make_category(name="Empty")
    response = client.get(category.get_absolute_url(), {"page": "1"})
    assertContains(response, "No products in this category yet.")


def test_a_1000_character_query_is_answered_and_capped(client):
    make_product(title="Short title")
    response = client.get("/search/", {"q": "a" * 1000})
    assert response.status_code == 200
    assertContains(response, "a" * 100)
    assertNotContains(response, "a" * 101)


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "' OR 1=1; DROP TABLE catalog_product; --",
        "%' UNION SELECT password FROM auth_user --",
    ],
)
def test_sql_or_html_in_a_search_is_answered_safely(client, query):
    product = make_product(title="The Truth about Trotsky")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert (
        "The Truth about Trotsky"
        not in content.split('class="content"')[1].split("</main>")[0]
    )
    assertContains(response, "Nothing matched")
    # The table is still there and the product still on sale.
    assert client.get(product.get_absolute_url()).status_code == 200


def test_html_in_a_query_is_shown_escaped(client):
    response = client.get("/search/", {"q": "<b>bold</b>"})
    assertContains(response, "&lt;b&gt;bold&lt;/b&gt;")
    assertNotContains(response, "<b>bold</b>")


def test_the_500_page_is_standalone_and_touches_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong" in content
    assert "shop.css" in content


def test_a_failing_page_gets_the_styled_500(client, settings):
    settings.ROOT_URLCONF = "tests.catalog.failing_urls"
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assertContains(response, "Something went wrong", status_code=500)
    assertContains(response, "Back to the shop", status_code=500)


@pytest.mark.parametrize("query", ["Trot\x00sky", "\x00", "\x07Trotsky\x1b"])
def test_control_characters_in_a_search_are_dropped_not_a_500(client, query):
    # PostgreSQL refuses NUL in a text parameter: the query must never reach
    # it. (CI runs this file on PostgreSQL too.)
    make_product(title="The Truth about Trotsky")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    content = response.content.decode()
    assert "\x00" not in content
    found = content.split('class="content"')[1].split("</main>")[0]
    assert ("The Truth about Trotsky" in found) == (query != "\x00")

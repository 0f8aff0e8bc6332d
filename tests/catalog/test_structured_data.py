"""Product pages describe themselves to search engines and link previews."""

import json
import re
from decimal import Decimal
from html import unescape

import pytest

from tests.factories import make_contributor, make_cover, make_product, make_publisher

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def json_ld(response):
    """Return every JSON-LD block of the page, parsed."""
    html = response.content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
    )
    return [json.loads(block) for block in blocks]


def meta(response, key):
    """Return the content of the <meta property|name=key> tag, or None."""
    html = response.content.decode()
    found = re.search(
        rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html
    )
    return unescape(found.group(1)) if found else None


def canonical(response):
    found = re.search(
        r'<link rel="canonical" href="([^"]*)"', response.content.decode()
    )
    return unescape(found.group(1)) if found else None


def test_a_book_page_carries_a_book_with_an_offer_in_pounds(client):
    acg = make_contributor(name="Anarchist Communist Group", is_organisation=True)
    book = make_product(
        title="The Truth about Trotsky",
        format="booklet",
        page_count=80,
        year=2021,
        authors=[acg],
        publisher=make_publisher(name="ACG Press"),
        isbn="9780306406157",
        price=Decimal("3.00"),
        stock=7,
        short_description="Trotsky's real role in the Russian Revolution.",
        cover=make_cover(),
    )
    response = client.get(book.get_absolute_url())
    [data] = json_ld(response)
    url = BASE + book.get_absolute_url()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == ["Book", "Product"]
    assert data["name"] == "The Truth about Trotsky"
    assert data["isbn"] == "9780306406157"
    assert data["numberOfPages"] == 80
    assert data["author"] == {
        "@type": "Organization",
        "name": "Anarchist Communist Group",
    }
    assert data["publisher"]["name"] == "ACG Press"
    assert data["offers"] == {
        "@type": "Offer",
        "price": "3.00",
        "priceCurrency": "GBP",
        "availability": "https://schema.org/InStock",
        "url": url,
    }
    assert data["image"].startswith(BASE + "/media/covers/")
    # Link previews: the same absolute cover and page.
    assert meta(response, "og:url") == url
    assert meta(response, "og:image") == data["image"]
    assert meta(response, "twitter:image") == data["image"]
    assert meta(response, "twitter:card") == "summary_large_image"
    assert meta(response, "og:title") == "The Truth about Trotsky"
    assert meta(response, "og:description") == (
        "Trotsky's real role in the Russian Revolution."
    )
    assert canonical(response) == url


@pytest.mark.parametrize(
    ("stock", "backorder", "availability"),
    [
        (5, False, "InStock"),
        (0, False, "OutOfStock"),
        (0, True, "BackOrder"),
    ],
)
def test_the_offer_says_whether_it_can_be_had(client, stock, backorder, availability):
    badge = make_product(
        title="Solidarity badge", format="badge", stock=stock, allow_backorder=backorder
    )
    [data] = json_ld(client.get(badge.get_absolute_url()))
    assert data["@type"] == "Product"  # a badge is not a book
    assert data["offers"]["availability"] == f"https://schema.org/{availability}"
    assert "image" not in data  # no cover, no made-up picture


def test_a_title_cannot_break_out_of_the_json_script(client):
    odd = make_product(title='Zine </script><script>alert("x")</script> & more')
    response = client.get(odd.get_absolute_url())
    assert "<script>alert" not in response.content.decode()
    [data] = json_ld(response)
    assert data["name"] == 'Zine </script><script>alert("x")</script> & more'


def test_json_ld_needs_no_nonce_so_a_kept_page_shows_no_stale_one(client):
    # A data block is never run, so the policy need not allow it; a nonce
    # there would be the first response's on every page drawn from the
    # kept shell, not the one in that response's header.
    product = make_product(title="Mutual Aid")
    client.post("/cart/add/", {"product": product.pk, "quantity": 1})
    for _ in range(2):
        response = client.get(product.get_absolute_url())
        html = response.content.decode()
        assert '<script type="application/ld+json">' in html
        assert "nonce=" not in html
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_list_pages_are_canonical_without_their_sort_but_with_their_page(
    client, settings
):
    settings.PRODUCTS_PER_PAGE = 2
    for n in range(5):
        make_product(title=f"Pamphlet {n}")
    response = client.get("/new-products/", {"sort": "title", "page": "2"})
    assert canonical(response) == BASE + "/new-products/?page=2"
    response = client.get("/new-products/", {"sort": "price", "page": "1"})
    assert canonical(response) == BASE + "/new-products/"
    response = client.get("/search/", {"q": "pamphlet", "sort": "title"})
    assert canonical(response) == BASE + "/search/?q=pamphlet"


def test_pages_outside_the_catalogue_and_errors_have_no_canonical(client):
    assert canonical(client.get("/cart/")) is None
    assert canonical(client.get("/products/999-nothing/")) is None

"""Each catalogue page runs the same number of SQL queries for 5 products or 500."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import search, selectors
from catalog.models import Credit, Product
from shop.cache import forget_kept
from tests.factories import (
    make_category,
    make_contributor,
    make_product,
    make_publisher,
)

pytestmark = pytest.mark.django_db


def add_products(count, *, publisher, author, category, start=0):
    """Create ``count`` published products in bulk, each credited and categorised."""
    products = Product.objects.bulk_create(
        Product(
            title=f"Pamphlet number {start + i}",
            slug=f"pamphlet-number-{start + i}",
            format=Product.Format.PAMPHLET,
            page_count=24,
            publisher=publisher,
            year=2021,
            price=Decimal("3.50"),
            weight_grams=60,
            stock=i % 5,
            description="Workers of the world, unite.",
        )
        for i in range(count)
    )
    Credit.objects.bulk_create(
        Credit(product=product, contributor=author) for product in products
    )
    Product.categories.through.objects.bulk_create(
        Product.categories.through(product=product, category=category)
        for product in products
    )
    # bulk_create sends no signals: index them as an import would.
    search.reindex([product.pk for product in products])


@pytest.fixture
def catalogue():
    publisher = make_publisher(name="Freedom Press", short_name="Freedom")
    author = make_contributor(name="Marie Louise Berneri")
    books = make_category(name="Books")
    history = make_category(name="History", parent=books)
    product = make_product(
        title="Workers in Stalin's Russia",
        publisher=publisher,
        authors=[author],
        categories=[history],
        year=2020,
    )

    def grow_to(total):
        existing = Product.objects.count()
        add_products(
            total - existing,
            publisher=publisher,
            author=author,
            category=history,
            start=existing,
        )

    return {
        "grow_to": grow_to,
        "product": product.get_absolute_url(),
        "category": books.get_absolute_url(),
        "new products": "/new-products/",
        "home": "/",
        "search": "/search/?q=pamphlet",
        # Misspelled: nothing matches, so the suggestion is looked up too.
        "misspelled search": "/search/?q=pamflet+numbr",
        "publisher": publisher.get_absolute_url(),
        "contributor": author.get_absolute_url(),
    }


@pytest.mark.parametrize(
    "page",
    [
        "product",
        "category",
        "new products",
        "home",
        "search",
        "misspelled search",
        "publisher",
        "contributor",
    ],
)
def test_page_runs_the_same_queries_for_5_and_500_products(
    client, catalogue, django_assert_num_queries, page
):
    url = catalogue[page]
    catalogue["grow_to"](5)
    assert client.get(url).status_code == 200  # warm caches (content types…)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert response.status_code == 200

    catalogue["grow_to"](500)
    assert Product.objects.count() == 500
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200
    print(f"\n{page}: {len(small)} queries with 5 and with 500 products")


def test_the_misspelled_search_finds_every_pamphlet_on_pages(client, catalogue):
    catalogue["grow_to"](30)
    response = client.get(catalogue["misspelled search"])
    assert response.context["suggestion"] == "pamphlet number"
    assert response.context["page_obj"].paginator.count == 29


def test_a_full_list_page_shows_a_page_of_products_not_all_of_them(client, catalogue):
    catalogue["grow_to"](500)
    response = client.get(catalogue["category"])
    assert response.content.decode().count('class="product-card"') == 24


@pytest.mark.parametrize("page", ["category", "new products", "home", "publisher"])
def test_list_pages_leave_the_full_descriptions_in_the_database(
    client, catalogue, page
):
    # Lists never show the full description, and it is most of a product's
    # row: fetching it for every card and the New products block is waste.
    catalogue["grow_to"](30)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(catalogue[page])
    assert response.status_code == 200
    selects = [q["sql"].split(" FROM ")[0] for q in queries.captured_queries]
    assert not [s for s in selects if '"catalog_product"."description"' in s]


def test_the_product_page_loads_the_full_description_with_the_product():
    product = make_product(description="Workers of the world, unite.")
    loaded = selectors.products_for_detail().get(pk=product.pk)
    assert loaded.get_deferred_fields() == set()
    assert loaded.description == "Workers of the world, unite."


# A shopper with a cart misses the whole-page cache: the page's shared parts
# come from the fragment cache, and what is left is theirs: the session, what
# the cart holds (``cart.state``: one small query; its mini cart is kept), the
# catalogue version; on a product page the product's stock and the version are
# read in the cart state's statement (the product itself is kept under the
# version). Category pages read the category and
# its tree. Cold, a list reads its page's products for their cards: 24 cards
# or 5, the same queries (a field a card reads and the list leaves out would
# not be).
SHOPPER_QUERIES = {
    "product": 2,
    "category": 6,
    "new products": 3,
    "home": 3,
    "search": 3,
    "misspelled search": 3,
}


@pytest.mark.parametrize("page", SHOPPER_QUERIES)
def test_a_shoppers_page_runs_the_same_queries_for_5_and_500_products(
    client, catalogue, page
):
    from tests.factories import make_postage

    make_postage()
    url = catalogue[page]
    catalogue["grow_to"](5)
    client.post("/cart/add/", {"product": Product.objects.first().pk, "quantity": 1})
    counts = []
    for total in (5, 500):
        catalogue["grow_to"](total)
        cache.clear()  # cold: every cached part rendered again
        forget_kept()
        with CaptureQueriesContext(connection) as cold:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            response = client.get(url)
        assert response.status_code == 200
        assert "1 item in your cart" in response.content.decode()
        counts.append((len(cold), len(warm)))
    assert counts[0] == counts[1]
    assert counts[1][1] == SHOPPER_QUERIES[page]


def test_a_search_whose_cards_are_cached_reads_no_products_for_its_page(
    client, catalogue
):
    # "pamphlet" and "number" find the same products in the same order: the
    # second search has every card of its page cached by the first.
    catalogue["grow_to"](30)
    client.get("/search/?q=zqxj")  # what every page shares: the New products…
    with CaptureQueriesContext(connection) as first:
        assert client.get("/search/?q=pamphlet").status_code == 200
    with CaptureQueriesContext(connection) as second:
        response = client.get("/search/?q=number")
    assert response.content.decode().count('class="product-card"') == 24
    # Not read again: the page's products with their credits (one query).
    assert len(second) == len(first) - 1

"""The mini cart and the cart page cost the same queries for 1 line or 50."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cart.middleware import RequestCart
from cart.selectors import mini_cart_context
from tests.factories import make_cart, make_product, make_publisher

pytestmark = pytest.mark.django_db

# Reading the session, then the cart's lines with their products and the cart
# joined (one query). The zones,
# their methods and the methods' weight bands are kept under the catalogue
# version the page has already read (``cart.totals.cached_zones``).
MINI_CART_QUERIES = 2
# The session, the cart's lines with products, publishers and the cart, their
# credits with contributors, the zones, methods and bands. The sidebar costs
# one more: the catalogue version its cached New products block is kept under.
# The mini cart adds nothing: it shows the page's totals.
CART_PAGE_QUERIES = 7


def browse_with(client, lines):
    publisher = make_publisher()
    products = [
        make_product(publisher=publisher, authors=[f"Writer {n}"], stock=100)
        for n in range(lines)
    ]
    cart = make_cart(lines=[(p, 2) for p in products])
    session = client.session
    session["cart_id"] = cart.pk
    session.save()
    return products


def count_queries(client, url):
    return len(capture_queries(client, url))


def capture_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.fixture
def product_url(db):
    return make_product(title="The page we look at").get_absolute_url()


@pytest.mark.parametrize("lines", [1, 50])
def test_the_mini_cart_costs_a_fixed_number_of_queries(
    client, postage, django_assert_num_queries, lines
):
    browse_with(client, lines)
    request = client.get("/").wsgi_request  # a request carrying this session
    request.session = client.session  # unloaded: its read counts too
    request.cart = RequestCart(request)  # as CartMiddleware sets it, unread
    with django_assert_num_queries(MINI_CART_QUERIES):
        context = mini_cart_context(request)
    assert context["totals"].item_count == 2 * lines


def test_a_page_runs_as_many_queries_with_50_lines_as_with_1(postage, product_url):
    one, fifty, empty = Client(), Client(), Client()
    browse_with(one, 1)
    browse_with(fifty, 50)
    count_queries(empty, product_url)  # cache the page's catalogue fragments
    count_queries(one, product_url)  # and the postage rates a cart reads
    # A cart's first page draws its mini cart from its lines (one query more),
    # then keeps it under what the cart holds (``cart.state``).
    first_with_fifty = count_queries(fifty, product_url)

    with_one = count_queries(one, product_url)
    with_fifty = count_queries(fifty, product_url)
    with_none = count_queries(empty, product_url)

    assert with_one == with_fifty == first_with_fifty - 1
    # Without a session cookie the page comes whole from the cache: reading
    # the catalogue version is all it costs.
    assert with_none == 1


@pytest.mark.parametrize("lines", [1, 50])
def test_the_cart_page_runs_a_fixed_number_of_queries(client, postage, lines):
    browse_with(client, lines)
    count_queries(Client(), reverse("cart:detail"))  # cache the sidebar
    assert count_queries(client, reverse("cart:detail")) == CART_PAGE_QUERIES
    # The bylines' credits are kept per catalogue version, as the rates are:
    # the next drawing of the same lines reads the session, the cart with its
    # lines (one statement) and the version, whatever the number of lines.
    queries = capture_queries(client, reverse("cart:detail"))
    assert len(queries) == 3
    assert not [sql for sql in queries if "catalog_credit" in sql]


def test_the_cart_page_reads_the_cart_and_the_rates_once(client, postage):
    """Its mini cart shows the totals the page worked out, not a second copy."""
    browse_with(client, 3)
    queries = capture_queries(client, reverse("cart:detail"))

    def reading(table):
        return [q for q in queries if f'FROM "{table}"' in q or f'JOIN "{table}"' in q]

    assert len(reading("cart_cart")) == 1
    assert len(reading("cart_cartline")) == 1
    assert len(reading("cart_zone")) == 1
    assert len(reading("cart_weightband")) == 1

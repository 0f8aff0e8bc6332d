"""Cached catalogue fragments are fresh when they must be, and never personal.

Every worker reads the catalogue version from the database on each request,
so a version that changed in the database is a cache key that changed on
every worker: these tests read it the way a worker does, through a request.
"""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from shop.cache import catalogue_version
from tests.catalog.test_admin import change_url, product_form_data
from tests.factories import make_order, make_product

# Real commits, as on a server: the version goes up when a change commits.
pytestmark = pytest.mark.django_db(transaction=True)


def version_seen_by_a_worker(client):
    return catalogue_version(client.get("/bench/not-routed/").wsgi_request)


def sidebar(client):
    html = client.get("/new-products/").content.decode()
    return html.split('class="new-products"', 1)[1]


def test_a_staff_price_change_changes_the_key_and_shows_next_request(admin_client):
    product = make_product(title="Anarchy in Action", stock=4)
    visitor = Client()
    assert "Anarchy in Action" in sidebar(visitor)
    before = version_seen_by_a_worker(visitor)

    response = admin_client.post(
        change_url(product),
        product_form_data(title="Anarchy in Action, revised", price="11.50"),
    )
    assert response.status_code == 302

    assert version_seen_by_a_worker(visitor) > before
    assert "Anarchy in Action, revised" in sidebar(visitor)
    product_page = visitor.get(product.get_absolute_url(), follow=True)
    assert "£11.50" in product_page.content.decode()


def test_a_stock_change_by_staff_changes_the_key(admin_client):
    product = make_product(title="Anarchy in Action", stock=4)
    before = version_seen_by_a_worker(Client())
    admin_client.post(change_url(product), product_form_data(stock="0"))
    assert version_seen_by_a_worker(Client()) > before
    page = Client().get(product.get_absolute_url(), follow=True).content.decode()
    assert "Out of stock" in page


def test_an_import_changes_the_key_once_and_shows_next_request(tmp_path):
    visitor = Client()
    assert "An Imported Pamphlet" not in sidebar(visitor)
    before = version_seen_by_a_worker(visitor)
    csv = tmp_path / "products.csv"
    csv.write_text(
        "title,price,stock\nAn Imported Pamphlet,2.50,3\nAnother One,1.00,1\n"
    )
    call_command("import_products", str(csv), stdout=io.StringIO())
    # Two products, their publisher and categories: one new version.
    assert version_seen_by_a_worker(visitor) == before + 1
    assert "An Imported Pamphlet" in sidebar(visitor)


def test_an_order_taking_stock_changes_the_key(postage):
    product = make_product(title="Last Copies", stock=2)
    visitor = Client()
    assert "Only 2 left" in visitor.get(product.get_absolute_url()).content.decode()
    before = version_seen_by_a_worker(visitor)
    make_order((product, 2))
    assert version_seen_by_a_worker(visitor) > before
    page = visitor.get(product.get_absolute_url()).content.decode()
    assert "Out of stock" in page


def test_an_order_leaving_few_copies_shows_only_n_left_next_request(postage):
    product = make_product(title="Nearly Gone", stock=5)
    visitor = Client()
    assert "In stock" in visitor.get(product.get_absolute_url()).content.decode()
    before = version_seen_by_a_worker(visitor)
    make_order((product, 2))
    assert version_seen_by_a_worker(visitor) > before
    page = visitor.get(product.get_absolute_url()).content.decode()
    assert "Only 3 left" in page


def test_an_order_leaving_plenty_keeps_the_cached_pages(postage):
    """A rush of orders does not throw the page cache away with every order."""
    product = make_product(title="Plenty Left", stock=10)
    visitor = Client()
    before = version_seen_by_a_worker(visitor)
    make_order((product, 6))
    product.refresh_from_db()
    assert product.stock == 4
    assert version_seen_by_a_worker(visitor) == before
    page = visitor.get(product.get_absolute_url()).content.decode()
    assert "In stock" in page  # still true: 4 copies are more than "only 3 left"


def test_a_postage_price_change_reaches_the_next_order(postage):
    from cart.models import WeightBand
    from cart.totals import cached_zones

    _, posted, _ = postage
    cached_zones()  # placing orders caches the postage under the version
    before = version_seen_by_a_worker(Client())
    band = WeightBand.objects.get(method=posted)
    band.price = Decimal("3.10")
    band.save()
    assert version_seen_by_a_worker(Client()) > before
    # make_order reviews the cart with today's postage: a stale cache in
    # place_order would refuse it as changed since the review.
    order = make_order((make_product(stock=10), 1), method=posted)
    assert order.shipping_price == Decimal("3.10")


def test_a_cached_page_never_shows_another_visitors_cart_or_token(postage):
    product = make_product(title="Anarchy in Action", stock=10)
    shopper, stranger = Client(), Client()
    shopper.post("/cart/add/", {"product": product.pk, "quantity": 3})
    mine = shopper.get("/new-products/").content.decode()
    assert "3 × Anarchy in Action" in mine  # the shopper's mini cart

    theirs = stranger.get("/new-products/")
    html = theirs.content.decode()
    assert "3 × Anarchy in Action" not in html
    assert "No products" in html  # the stranger's own, empty, mini cart
    secret = stranger.cookies["csrftoken"].value
    tokens = _tokens(html)
    assert tokens and all(_unmask_cipher_token(t) == secret for t in tokens)
    assert secret != shopper.cookies["csrftoken"].value


def _tokens(html):
    marker = 'name="csrfmiddlewaretoken" value="'
    return [part.split('"', 1)[0] for part in html.split(marker)[1:]]


@pytest.fixture
def postage(db):
    from tests.factories import make_postage

    return make_postage()


def test_an_anonymous_reload_is_not_modified_until_the_catalogue_changes():
    product = make_product(title="Anarchy in Action", stock=4)
    visitor = Client()
    visitor.get("/")  # the first visit sets the CSRF cookie the forms carry
    etag = visitor.get(product.get_absolute_url()).headers["ETag"]
    again = visitor.get(product.get_absolute_url(), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""

    product.price = "12.00"
    product.save()
    changed = visitor.get(product.get_absolute_url(), headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "£12.00" in changed.content.decode()


def test_a_visitor_with_a_session_always_gets_the_page_itself(postage):
    product = make_product(title="Anarchy in Action", stock=4)
    shopper = Client()
    shopper.post("/cart/add/", {"product": product.pk, "quantity": 1})
    page = shopper.get(product.get_absolute_url())
    assert "ETag" not in page.headers  # the mini cart is theirs alone


def test_a_page_cached_for_one_visitor_carries_each_visitors_own_token(postage):
    product = make_product(title="Anarchy in Action", stock=10)
    first, second = Client(), Client()
    first.get("/")
    first_page = first.get(product.get_absolute_url()).content.decode()
    second.get("/")
    second_page = second.get(product.get_absolute_url()).content.decode()

    for client, page in [(first, first_page), (second, second_page)]:
        secret = client.cookies["csrftoken"].value
        tokens = _tokens(page)
        assert tokens and all(_unmask_cipher_token(t) == secret for t in tokens)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    # Each can add to the cart with the page they were given.
    first.handler.enforce_csrf_checks = True
    added = first.post(
        "/cart/add/",
        {
            "product": product.pk,
            "quantity": 1,
            "csrfmiddlewaretoken": _tokens(first_page)[0],
        },
    )
    assert added.status_code == 302


def test_a_shopper_with_a_cart_never_gets_the_page_cached_for_strangers(postage):
    product = make_product(title="Anarchy in Action", stock=10)
    Client().get(product.get_absolute_url())  # cached for visitors without a session
    shopper = Client()
    shopper.post("/cart/add/", {"product": product.pk, "quantity": 3})
    page = shopper.get(product.get_absolute_url()).content.decode()
    assert "3 × Anarchy in Action" in page
    assert "No products" not in page


def test_a_message_for_a_visitor_without_a_session_is_not_lost_to_the_cache(postage):
    product = make_product(title="Anarchy in Action", stock=10)
    Client().get(product.get_absolute_url())  # cached for visitors without a session
    visitor = Client()
    refused = visitor.post("/cart/add/", {"product": product.pk, "quantity": "lots"})
    assert refused.status_code == 302
    assert "sessionid" not in visitor.cookies
    page = visitor.get(product.get_absolute_url()).content.decode()
    assert 'class="message message--error"' in page

"""Product cards are cached one by one and shared by every list page.

A card rendered for a search serves the category page, the home page and
new products too, each with its own address in the card's form; anything a
card shows, changed by staff, shows on the next request; the shopper's own
token and prices stay theirs.
"""

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from catalog.models import Contributor
from tests.cart.test_fragments import _card, _tokens, shopper_with_cart
from tests.catalog.test_admin import change_url, product_form_data
from tests.factories import (
    make_category,
    make_cover,
    make_postage,
    make_product,
    make_publisher,
)

pytestmark = pytest.mark.django_db(transaction=True)

SEARCH = "/search/?q=freedom"


@pytest.fixture
def shelf(db):
    make_postage()
    press = make_publisher(name="Freedom Press")
    pamphlets = make_category(name="Pamphlets")
    first = make_product(
        title="Anarchy in Action",
        stock=10,
        publisher=press,
        categories=[pamphlets],
        authors=["Colin Ward"],
    )
    make_product(title="The Conquest of Bread", publisher=press, categories=[pamphlets])
    return {"product": first, "category": pamphlets.get_absolute_url()}


def _next_addresses(html):
    marker = 'name="next" value="'
    return {part.split('"', 1)[0] for part in html.split(marker)[1:]}


@pytest.mark.parametrize("with_cart", [False, True])
def test_a_card_cached_by_a_search_shows_on_a_list_with_that_lists_address(
    shelf, with_cart
):
    client = shopper_with_cart(shelf["product"]) if with_cart else Client()
    search = client.get(SEARCH).content.decode()
    listing = client.get(shelf["category"]).content.decode()
    new = client.get("/new-products/").content.decode()

    for html, address in (
        (search, SEARCH),
        (listing, shelf["category"]),
        (new, "/new-products/"),
    ):
        card = _card(html, "Anarchy in Action")
        assert "by Colin Ward, Freedom Press" in card
        assert _next_addresses(card) == {address}
    # What the address holds is escaped, as the template did.
    html = client.get("/search/?q=freedom&sort=title&x=<b>").content.decode()
    assert _next_addresses(_card(html, "Anarchy in Action")) == {
        "/search/?q=freedom&amp;sort=title&amp;x=%3Cb%3E"
    }


def test_each_shopper_gets_their_own_token_in_a_shared_card(shelf):
    first = shopper_with_cart(shelf["product"])
    first.get(SEARCH)
    second = shopper_with_cart(shelf["product"])
    html = second.get(shelf["category"]).content.decode()
    secret = second.cookies["csrftoken"].value
    tokens = _tokens(html)
    assert len(tokens) >= 2
    assert all(_unmask_cipher_token(t) == secret for t in tokens)


def test_a_title_is_escaped_in_its_card(shelf):
    make_product(title='<b>Bold</b> & "Loud"', publisher=shelf["product"].publisher)
    html = Client().get(SEARCH).content.decode()
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Loud&quot;" in html


def _edit_in_admin(admin_client, product, **changes):
    data = product_form_data(
        title=product.title,
        slug=product.slug,
        price=str(product.price),
        stock=str(product.stock),
        publisher=str(product.publisher_id),
        categories=[str(c.pk) for c in product.categories.all()],
    )
    response = admin_client.post(change_url(product), data | changes)
    assert response.status_code == 302


@pytest.mark.parametrize("with_cart", [False, True])
def test_staff_edits_to_what_a_card_shows_show_on_the_next_request(
    shelf, admin_client, with_cart
):
    product = shelf["product"]
    shopper = shopper_with_cart(product) if with_cart else Client()

    def card():
        return _card(shopper.get(SEARCH).content.decode(), "Freedom")

    assert "Add to cart" in _card(shopper.get(SEARCH).content.decode(), "Anarchy")

    _edit_in_admin(admin_client, product, title="Anarchy in Action, Freedom ed.")
    assert "Anarchy in Action, Freedom ed." in card()

    product.refresh_from_db()
    _edit_in_admin(admin_client, product, price="11.50")
    assert "£11.50" in card()

    _edit_in_admin(admin_client, product, price="11.50", stock="2")
    assert "Only 2 left" in card()

    _edit_in_admin(admin_client, product, price="11.50", stock="0")
    assert "Out of stock" in card() and "Add to cart" not in card()

    author = Contributor.objects.get(name="Colin Ward")
    author.name = "Colin Ward (1924–2010)"
    author.save()
    assert "by Colin Ward (1924–2010)" in card()

    assert "<img" not in card()
    product.refresh_from_db()
    product.cover = make_cover()
    product.save()
    assert '<img class="cover cover--small"' in card()


def test_a_pick_and_a_new_category_show_on_the_home_page_next_request(
    shelf, admin_client
):
    visitor = Client()
    assert "Our pick" not in visitor.get("/").content.decode()
    _edit_in_admin(admin_client, shelf["product"], is_featured="on")
    for address in ("/", "/?utm_source=leaflet"):
        html = visitor.get(address).content.decode()
        picks = html.split('id="featured"', 1)[1].split("</section>", 1)[0]
        assert "Anarchy in Action" in picks
        assert "Zines" not in html

    make_category(name="Zines")  # a save: the catalogue version goes up
    for address in ("/", "/?utm_source=poster"):
        html = visitor.get(address).content.decode()
        assert "Zines" in html.split('id="subjects"', 1)[1]


def test_a_card_links_to_the_address_the_product_page_answers_at(client):
    from cart.cards import product_addresses

    plain = make_product(title="Mutual Aid", slug="mutual-aid")
    accented = make_product(title="Écrits", slug="écrits")
    address = product_addresses()
    for product in (plain, accented):
        assert address(product) == product.get_absolute_url()
        assert client.get(address(product)).status_code == 200

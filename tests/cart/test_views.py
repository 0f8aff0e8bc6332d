"""Adding, the mini cart, the cart page, updating, removing, choosing postage."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from cart.models import Cart, CartLine
from tests.factories import make_cart, make_method, make_product

pytestmark = pytest.mark.django_db


def text(response):
    """Return the page's text without tags or runs of white space."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def squash_tags(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def mini_cart_text(response):
    """Return the full mini cart's words (what a wide screen shows)."""
    html = response.content.decode()
    full = re.search(r'<div class="mini-cart__full">.*?</section>', html, re.S)
    return squash_tags(full.group(0))


def cart_link_text(response):
    """Return the words of the header's compact cart link (what a phone shows)."""
    html = response.content.decode()
    return squash_tags(
        re.search(r'<a class="mini-cart__summary".*?</a>', html, re.S).group(0)
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_empty_mini_cart_reads_as_on_the_seed_page(client, postage):
    product = make_product(title="The Truth about Trotsky")
    page = client.get(product.get_absolute_url())
    assert mini_cart_text(page) == (
        "No products £0.00 Shipping £0.00 Total Cart Check out"
    )
    assert cart_link_text(page) == "Cart 0 items £0.00"


def test_adding_without_javascript_redirects_back_with_a_message(
    client, postage, add_to_cart
):
    product = make_product(title="The Truth about Trotsky", price=Decimal("4.00"))

    response = add_to_cart(product, 2)

    assert response.status_code == 302
    assert response.url == product.get_absolute_url()
    page = client.get(response.url)
    assert "Added 2 × “The Truth about Trotsky” to your cart." in text(page)
    line = CartLine.objects.get()
    assert (line.product, line.quantity) == (product, 2)


def test_adding_twice_adds_up_in_one_line(client, postage, add_to_cart):
    product = make_product()
    add_to_cart(product, 2)
    add_to_cart(product, 3)
    assert list(CartLine.objects.values_list("quantity", flat=True)) == [5]
    assert Cart.objects.count() == 1


def test_the_filled_mini_cart_shows_lines_postage_and_total(
    client, postage, add_to_cart
):
    trotsky = make_product(
        title="The Truth about Trotsky", price=Decimal("4.00"), weight_grams=110
    )
    other = make_product(
        title="Dancing & Digging", price=Decimal("6.50"), weight_grams=90
    )
    add_to_cart(trotsky, 2)
    add_to_cart(other, 1)

    shown = mini_cart_text(client.get(reverse("catalog:home")))

    assert "3 items in your cart" in shown
    assert "2 × The Truth about Trotsky £8.00 Remove The Truth about Trotsky" in shown
    assert "1 × Dancing &amp; Digging £6.50" in shown
    # 310 g by 2nd class: the 100–500 g band.
    assert "£2.50 Shipping" in shown
    assert "£17.00 Total" in shown
    assert "Spend £25.50 more for free postage" in shown
    assert shown.endswith("Cart Check out")


def test_adding_with_javascript_returns_the_mini_cart_fragment(client, postage):
    product = make_product(title="The Truth about Trotsky", price=Decimal("4.00"))

    response = client.post(
        reverse("cart:add"),
        {"product": product.pk, "quantity": 1, "next": "/"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert data["message"] == "Added 1 × “The Truth about Trotsky” to your cart."
    assert data["item_count"] == 1
    assert data["mini_cart"].lstrip().startswith('<div class="mini-cart__body')
    # The phone's compact link is swapped along with the rest.
    assert 'class="mini-cart__summary-count">1 item<' in data["mini_cart"]
    assert "1 × The Truth about Trotsky" in data["mini_cart"]
    # The message was said in the live region, so it is not kept for later.
    assert messages_of(client.get("/")) == []


def test_the_cart_page_shows_lines_postage_and_totals(client, postage, add_to_cart):
    product = make_product(
        title="The Truth about Trotsky",
        price=Decimal("4.00"),
        weight_grams=110,
        page_count=80,
        authors=["Anarchist Communist Group"],
        year=2021,
    )
    add_to_cart(product, 3)

    page = text(client.get(reverse("cart:detail")))

    assert "The Truth about Trotsky" in page
    assert "80 page booklet by Anarchist Communist Group, 2021" in page
    assert "Price £4.00" in page or "£4.00" in page
    assert "Subtotal (3 items) £12.00" in page
    assert "Postage (2nd class) £2.50" in page
    assert "Total £14.50" in page
    assert "2nd class £2.50" in page
    assert "Collect from the shop Free" in page


def test_the_mini_cart_and_the_cart_page_agree(client, postage, add_to_cart):
    add_to_cart(make_product(price=Decimal("4.99"), weight_grams=95), 3)
    add_to_cart(make_product(price=Decimal("11.25"), weight_grams=400), 1)
    client.post(reverse("cart:destination"), {"country": "FR"})

    cart_page = client.get(reverse("cart:detail"))
    html = cart_page.content.decode()
    page_total = re.search(r'data-total="total">([^<]+)<', html).group(1)
    page_postage = re.search(r'data-total="shipping">([^<]+)<', html).group(1)
    mini = mini_cart_text(client.get(reverse("catalog:home")))

    # 685 g to France, a rest-of-the-world country here: £9.00 + £0.75.
    assert page_postage == "£9.75"
    assert page_total == "£35.97"
    assert f"{page_postage} Shipping" in mini
    assert f"{page_total} Total" in mini
    assert cart_link_text(client.get(reverse("catalog:home"))).endswith(page_total)
    # The cart page is the whole cart: no mini cart repeats it.
    assert 'id="mini-cart"' not in html


def test_updating_quantities_and_zero_removes(client, postage, add_to_cart):
    keep = make_product(title="Keep", stock=10)
    drop = make_product(title="Drop", stock=10)
    add_to_cart(keep, 1)
    add_to_cart(drop, 1)
    keep_line = CartLine.objects.get(product=keep)
    drop_line = CartLine.objects.get(product=drop)

    response = client.post(
        reverse("cart:update"),
        {f"quantity-{keep_line.pk}": "4", f"quantity-{drop_line.pk}": "0"},
    )

    assert response.status_code == 302
    assert list(CartLine.objects.values_list("product__title", "quantity")) == [
        ("Keep", 4)
    ]
    assert "Removed “Drop” from your cart." in messages_of(response)


def test_removing_a_line_from_the_mini_cart(client, postage, add_to_cart):
    product = make_product(title="Gone soon")
    add_to_cart(product, 2)
    line = CartLine.objects.get()

    response = client.post(reverse("cart:remove"), {"line": line.pk, "next": "/"})

    assert response.status_code == 302 and response.url == "/"
    assert not CartLine.objects.exists()
    assert "Removed “Gone soon” from your cart." in text(client.get("/"))


def test_choosing_a_country_shows_that_zones_methods_and_keeps_the_choice(
    client, postage, add_to_cart
):
    add_to_cart(make_product(weight_grams=300), 1)

    client.post(reverse("cart:destination"), {"country": "US"})
    page = text(client.get(reverse("cart:detail")))
    assert "Postage method to United States (300 g)" in page
    assert "Airmail £9.75" in page
    assert "2nd class" not in page

    client.post(
        reverse("cart:destination"),
        {"country": "GB", "method": postage["collect"].pk},
    )
    cart = Cart.objects.get()
    assert (cart.country, cart.shipping_method) == ("GB", postage["collect"])
    mini = mini_cart_text(client.get("/"))
    assert "£0.00 Shipping Collect from the shop £" in mini


def test_a_quantity_above_the_stock_is_reduced_with_a_message(
    client, postage, add_to_cart
):
    product = make_product(title="Scarce", stock=3)
    response = add_to_cart(product, 5)
    assert "Only 3 left of “Scarce”; your cart now holds 3." in messages_of(response)
    assert CartLine.objects.get().quantity == 3


def test_a_backorderable_product_is_not_limited_by_stock(client, postage, add_to_cart):
    product = make_product(stock=0, allow_backorder=True)
    add_to_cart(product, 7)
    assert CartLine.objects.get().quantity == 7


def test_an_out_of_stock_product_is_not_added(client, postage, add_to_cart):
    product = make_product(title="Sold out", stock=0)
    response = add_to_cart(product, 1)
    assert "Sorry, “Sold out” is out of stock." in messages_of(response)
    assert not CartLine.objects.exists()


def test_a_line_holds_at_most_the_line_limit(client, postage, add_to_cart, settings):
    settings.CART_LINE_LIMIT = 5
    product = make_product(title="Popular", stock=50)
    add_to_cart(product, 4)
    response = add_to_cart(product, 4)
    assert CartLine.objects.get().quantity == 5
    assert (
        "You can order at most 5 of “Popular” at a time; your cart now holds 5."
        in messages_of(response)
    )


def test_stock_that_ran_out_since_adding_reduces_the_line(client, postage, add_to_cart):
    product = make_product(title="Selling fast", stock=10)
    add_to_cart(product, 6)
    product.stock = 2
    product.save()

    page = client.get("/")

    assert "Only 2 left of “Selling fast”; your cart now holds 2." in text(page)
    assert CartLine.objects.get().quantity == 2


def test_a_product_unpublished_since_adding_leaves_the_cart_with_a_message(
    client, postage, add_to_cart
):
    product = make_product(title="Withdrawn")
    add_to_cart(product, 1)
    product.is_published = False
    product.save()

    page = client.get(reverse("cart:detail"))

    assert "“Withdrawn” is no longer for sale and has left your cart." in text(page)
    assert not CartLine.objects.exists()
    assert "Your cart is empty." in text(page)


def test_a_product_deleted_since_adding_leaves_the_cart_with_a_message(
    client, postage, add_to_cart
):
    product = make_product(title="Pulped")
    add_to_cart(product, 1)
    product.delete()

    page = client.get("/")

    assert "“Pulped” is no longer for sale and has left your cart." in text(page)
    assert not CartLine.objects.exists()
    assert "No products" in mini_cart_text(page)


def test_the_cart_stays_with_the_browser_across_requests(client, postage, add_to_cart):
    add_to_cart(make_product(), 1)
    cart = Cart.objects.get()
    assert client.session["cart_id"] == cart.pk
    assert cart.session_key == client.session.session_key


def test_carts_of_different_browsers_are_separate(client, postage, add_to_cart):
    add_to_cart(make_product(title="Mine"), 1)
    other = Client()
    assert "No products" in mini_cart_text(other.get("/"))


def test_an_existing_cart_is_found_again(client, postage):
    product = make_product(title="Remembered", price=Decimal("2.00"))
    cart = make_cart(lines=[(product, 2)])
    session = client.session
    session["cart_id"] = cart.pk
    session.save()
    assert "2 × Remembered £4.00" in mini_cart_text(client.get("/"))


def test_a_new_cart_is_made_when_the_sessions_cart_was_deleted(
    client, postage, add_to_cart
):
    add_to_cart(make_product(title="First"), 1)
    Cart.objects.all().delete()
    add_to_cart(make_product(title="Second"), 1)
    assert "1 × Second" in mini_cart_text(client.get("/"))


def test_a_new_cart_is_made_when_an_orphan_holds_the_session_key(
    client, postage, add_to_cart
):
    add_to_cart(make_product(title="First"), 1)
    session = client.session
    del session["cart_id"]
    session.save()
    add_to_cart(make_product(title="Second"), 1)
    assert Cart.objects.count() == 2
    assert "1 × Second" in mini_cart_text(client.get("/"))


def test_choosing_postage_says_which_method_and_what_it_costs(
    client, postage, add_to_cart
):
    add_to_cart(make_product(weight_grams=300), 1)

    response = client.post(reverse("cart:destination"), {"country": "US"})

    # 300 g by airmail: the 250–1000 g band (£9.00) plus £0.75 handling.
    assert messages_of(response)[-1] == "Postage to United States: Airmail, £9.75."


def test_a_parcel_no_method_can_carry_is_never_shown_as_free_postage(
    client, postage, add_to_cart
):
    # 1,200 g is past airmail's last band (250–1000 g) to the rest of the world.
    add_to_cart(
        make_product(title="Heavy", price=Decimal("20.00"), weight_grams=400), 3
    )

    response = client.post(reverse("cart:destination"), {"country": "US"})

    assert messages_of(response)[-1] == (
        "Sorry, we cannot post this order to United States."
    )
    cart_page = client.get(reverse("cart:detail"))
    page = text(cart_page)
    assert "Airmail Not available Airmail cannot take a parcel of 1,200 g." in page
    assert "We cannot post this order to United States: it is too heavy" in page
    assert "Postage Not available" in page
    assert "Total before postage £60.00" in page
    assert "£0.00" not in page
    assert "You can check out once we can post your order." in page
    assert reverse("checkout:start") not in cart_page.content.decode()

    mini = mini_cart_text(client.get("/"))
    assert mini == (
        "3 items in your cart 3 × Heavy £60.00 Remove Heavy "
        "Not available Shipping "
        "We cannot post this order to United States: see the cart. "
        "£60.00 Total before postage Cart"
    )
    assert 'id="mini-cart"' not in cart_page.content.decode()


def test_a_chosen_method_that_can_no_longer_carry_the_parcel_is_explained(
    client, postage, add_to_cart
):
    # Tracked carries up to 1 kg only; 2nd class up to 2 kg.
    tracked = make_method(
        postage["uk"], name="Tracked", bands=[(0, 1000, "1.00")], position=0
    )
    product = make_product(title="Brick", weight_grams=300, stock=10)
    add_to_cart(product, 1)
    client.post(reverse("cart:destination"), {"country": "GB", "method": tracked.pk})
    assert "Postage (Tracked) £1.00" in text(client.get(reverse("cart:detail")))

    line = CartLine.objects.get()
    client.post(reverse("cart:update"), {f"quantity-{line.pk}": "4"})

    page = text(client.get(reverse("cart:detail")))
    assert (
        "Tracked cannot take a parcel of 1,200 g. We have chosen 2nd class instead."
        in page
    )
    assert "Postage (2nd class) £3.50" in page
    assert "Total £19.50" in page
    assert "£3.50 Shipping 2nd class to United Kingdom" in mini_cart_text(
        client.get("/")
    )

    # Asking for it again by a forged post says why it is not used.
    response = client.post(
        reverse("cart:destination"), {"country": "GB", "method": tracked.pk}
    )
    assert messages_of(response)[-1] == (
        "Tracked cannot take a parcel of 1,200 g. "
        "Postage to United Kingdom: 2nd class, £3.50."
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose the country we should post your order to."),
        ({"country": "X" * 50}, "Sorry, we do not know that country. Please choose"),
        ({"country": "ＦＲ"}, "Sorry, we do not know that country. Please choose"),
        ({"country": "FR", "method": "1e3"}, "Choose a postage method from the list."),
    ],
)
def test_a_garbled_destination_gets_a_plain_message(
    client, postage, add_to_cart, data, message
):
    add_to_cart(make_product(), 1)
    response = client.post(reverse("cart:destination"), data)
    assert response.status_code == 302
    assert messages_of(response)[-1].startswith(message)
    assert Cart.objects.get().country == "GB"


def test_a_method_of_another_zone_falls_back_and_says_so(client, postage, add_to_cart):
    add_to_cart(make_product(weight_grams=300), 1)
    response = client.post(
        reverse("cart:destination"),
        {"country": "GB", "method": postage["airmail"].pk},
    )
    assert messages_of(response)[-1] == "Postage to United Kingdom: 2nd class, £2.50."
    assert Cart.objects.get().shipping_method is None


def test_parcel_weight_is_written_with_thousands_separators(
    client, postage, add_to_cart
):
    add_to_cart(make_product(weight_grams=1405), 2)
    page = text(client.get(reverse("cart:detail")))
    assert "Postage method to United Kingdom (2,810 g)" in page

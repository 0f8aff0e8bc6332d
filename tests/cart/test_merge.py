"""The cart merge on sign-in, rule by rule (the rules are in ``cart/merge.py``).

Signing in goes through the sign-in page, so the messages are those a shopper
reads. These run on SQLite and, in CI, on PostgreSQL.
"""

import pytest

from cart.models import Cart, CartLine
from tests.accounts.helpers import messages_of
from tests.factories import PASSWORD, make_cart, make_customer, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosa(db):
    return make_customer("rosa@example.org")


def sign_in(client):
    return client.post(
        "/account/sign-in/",
        {"username": "rosa@example.org", "password": PASSWORD},
        follow=True,
    )


def lines(cart=None):
    cart = cart or Cart.objects.get()
    return sorted(cart.lines.values_list("title", "quantity"))


def test_saved_items_join_the_visitors_cart_and_the_shopper_is_told(
    client, postage, rosa, add_to_cart
):
    make_cart(lines=[(make_product(title="Saved"), 2)], user=rosa)
    add_to_cart(make_product(title="Today"), 1)
    said = messages_of(sign_in(client))
    assert "We added 2 items saved from your last visit to your cart." in said
    assert lines() == [("Saved", 2), ("Today", 1)]


def test_with_no_cart_in_this_browser_the_saved_cart_is_picked_up(
    client, postage, rosa
):
    make_cart(lines=[(make_product(title="Saved"), 1)], user=rosa)
    said = messages_of(sign_in(client))
    assert "Your cart holds 1 item saved from your last visit." in said
    assert lines() == [("Saved", 1)]


def test_nothing_saved_means_nothing_said_and_the_cart_stays(
    client, postage, rosa, add_to_cart
):
    add_to_cart(make_product(title="Today"), 1)
    said = messages_of(sign_in(client))
    assert not any("saved from your last visit" in m for m in said)
    cart = Cart.objects.get()
    assert cart.user == rosa and lines(cart) == [("Today", 1)]


def test_the_same_product_in_both_carts_adds_up(client, postage, rosa, add_to_cart):
    both = make_product(title="Both", stock=10)
    make_cart(lines=[(both, 2)], user=rosa)
    add_to_cart(both, 3)
    said = messages_of(sign_in(client))
    assert lines() == [("Both", 5)]
    assert "We added 2 items saved from your last visit to your cart." in said


def test_adding_up_stops_at_the_stock_and_says_so(client, postage, rosa, add_to_cart):
    scarce = make_product(title="Scarce", stock=3)
    make_cart(lines=[(scarce, 2)], user=rosa)
    add_to_cart(scarce, 2)
    said = messages_of(sign_in(client))
    assert lines() == [("Scarce", 3)]
    assert "We added 1 item saved from your last visit to your cart." in said
    assert "Only 3 left of “Scarce”; your cart now holds 3." in said


def test_adding_up_stops_at_the_line_limit(
    client, postage, rosa, add_to_cart, settings
):
    settings.CART_LINE_LIMIT = 5
    plenty = make_product(title="Plenty", stock=100)
    make_cart(lines=[(plenty, 4)], user=rosa)
    add_to_cart(plenty, 4)
    said = messages_of(sign_in(client))
    assert lines() == [("Plenty", 5)]
    assert any("at most 5 of “Plenty”" in m for m in said)


def test_a_backorder_product_is_held_only_to_the_line_limit(
    client, postage, rosa, add_to_cart, settings
):
    settings.CART_LINE_LIMIT = 6
    reprint = make_product(title="Reprint", stock=0, allow_backorder=True)
    make_cart(lines=[(reprint, 4)], user=rosa)
    add_to_cart(reprint, 4)
    sign_in(client)
    assert lines() == [("Reprint", 6)]


def test_a_saved_product_now_out_of_stock_is_left_out_by_name(
    client, postage, rosa, add_to_cart
):
    sold_out = make_product(title="Sold out", stock=2)
    make_cart(lines=[(sold_out, 2)], user=rosa)
    sold_out.stock = 0
    sold_out.save()
    add_to_cart(make_product(title="Today"), 1)
    said = messages_of(sign_in(client))
    assert lines() == [("Today", 1)]
    assert "Sorry, “Sold out” is out of stock, so it was left out of your cart." in said
    assert not any("saved from your last visit" in m for m in said)


def test_a_saved_product_unpublished_or_deleted_is_left_out_by_name(
    client, postage, rosa, add_to_cart
):
    hidden = make_product(title="Withdrawn")
    deleted = make_product(title="Pulped")
    make_cart(lines=[(hidden, 1), (deleted, 1)], user=rosa)
    hidden.is_published = False
    hidden.save()
    deleted.delete()
    add_to_cart(make_product(title="Today"), 1)
    said = messages_of(sign_in(client))
    assert lines() == [("Today", 1)]
    assert "“Withdrawn” is no longer for sale, so it was left out of your cart." in said
    assert "“Pulped” is no longer for sale, so it was left out of your cart." in said


def test_the_visitors_destination_and_postage_win(client, postage, rosa, add_to_cart):
    saved = make_cart(
        lines=[(make_product(), 1)],
        user=rosa,
        country="FR",
        shipping_method=postage["airmail"],
    )
    add_to_cart(make_product(), 1)
    visitor = Cart.objects.exclude(pk=saved.pk).get()
    visitor.country, visitor.shipping_method = "GB", postage["second"]
    visitor.save()
    sign_in(client)
    merged = Cart.objects.get()
    assert (merged.country, merged.shipping_method) == ("GB", postage["second"])


def test_signing_in_again_on_the_same_browser_changes_nothing(
    client, postage, rosa, add_to_cart
):
    add_to_cart(make_product(title="Today"), 2)
    sign_in(client)
    client.post("/account/sign-in/", {"username": "x", "password": "y"})
    said = messages_of(sign_in(client))
    assert lines() == [("Today", 2)]
    assert not any("saved from your last visit" in m for m in said)


def test_another_customers_cart_never_merges_into_mine(
    client, postage, rosa, add_to_cart
):
    other = make_customer()
    theirs = make_cart(lines=[(make_product(title="Theirs"), 1)], user=other)
    session = client.session
    session["cart_id"] = theirs.pk  # a forged or stale session
    session.save()
    sign_in(client)
    assert lines(theirs) == [("Theirs", 1)]
    assert Cart.objects.get(pk=theirs.pk).user == other
    assert not CartLine.objects.filter(cart__user=rosa).exists()

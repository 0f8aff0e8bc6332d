"""A wholesale group becomes trade accounts: its buyers keep their trade prices."""

from decimal import Decimal

import pytest

from catalog.models import Product
from migrate_prestashop.models import OldLink
from shop.money import to_money
from trade.models import TradeAccount

from .test_import_people import sign_in

pytestmark = pytest.mark.django_db


def test_the_wholesale_groups_customer_gets_an_approved_trade_account(imported):
    account = TradeAccount.objects.get()
    assert account.organisation == "Freedom Bookshop Co-op"
    assert account.contact_name == "Trade Buyer"
    assert account.discount_percent == Decimal("30.00")
    assert account.status == TradeAccount.Status.APPROVED
    assert account.website == "https://freedombooks.example"
    assert (account.line1, account.city, account.country) == (
        "25 Freedom Street",
        "Bristol",
        "GB",
    )
    member = account.members.get()
    assert member.customer.user.email == "trade@example.org"
    assert "have trade accounts at 30.00 % off" in imported
    assert "saw prices before tax in the old shop" in imported
    # In Wholesale too, but priced by Customer in the old shop: no account.
    assert "Old customers 5 were also in “Wholesale”" in imported


def test_the_trade_buyer_signs_in_with_the_old_password_and_sees_trade_prices(
    imported, client, old_shop
):
    email = "trade@example.org"
    page = sign_in(client, email, old_shop.facts.passwords[email])
    assert "You are signed in." in page.text
    book = Product.objects.get(
        pk=OldLink.objects.get(kind="product", old_id=12).object_id
    )
    trade = to_money(book.price * Decimal("0.70"))
    shown = client.get(book.get_absolute_url()).text
    assert f"Trade</span> £{trade}" in shown
    assert f"cover price £{book.price}" in shown
    client.post("/cart/add/", {"product": book.pk, "quantity": 2})
    cart = client.get("/cart/").text
    assert "Trade prices for Freedom Bookshop Co-op" in cart
    assert f'data-total="subtotal">£{trade * 2}' in cart


def test_ordinary_customers_still_see_the_shop_price(imported, client, old_shop):
    email = "reader5@example.org"
    sign_in(client, email, old_shop.facts.passwords[email])
    book = Product.objects.get(
        pk=OldLink.objects.get(kind="product", old_id=12).object_id
    )
    assert "Trade</span>" not in client.get(book.get_absolute_url()).text

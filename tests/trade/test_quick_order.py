"""Quick order: typed or pasted lines make one cart, each line answered."""

from decimal import Decimal

import pytest

from cart.models import CartLine
from tests.factories import make_customer, make_product, make_trade_account
from trade.quick_order import parse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "line, expected",
    [
        ("9780306406157, 10", ("9780306406157", 10)),
        ("978-0-306-40615-7 x 3", ("978-0-306-40615-7", 3)),
        ("9780306406157", ("9780306406157", 1)),
        ("Mutual Aid\t5", ("Mutual Aid", 5)),
        ("Mutual Aid × 2", ("Mutual Aid", 2)),
        ("Mutual Aid", ("Mutual Aid", 1)),
        ("1984, 2", ("1984", 2)),
        ("Mutual Aid, 0", ("Mutual Aid", 0)),
        ("Mutual Aid, -3", ("Mutual Aid", -3)),
    ],
)
def test_a_line_is_a_title_or_isbn_then_a_quantity(line, expected):
    assert parse(line) == expected


@pytest.fixture
def buyer(client):
    user = make_customer()
    make_trade_account(user)
    client.force_login(user)
    return user


def test_a_pasted_list_makes_one_cart_with_a_message_per_line(client, buyer):
    aid = make_product(title="Mutual Aid", isbn="9780306406157", price=Decimal(10))
    make_product(title="The Conquest of Bread", stock=50)
    make_product(title="Bread and Roses", stock=50)
    make_product(title="Scarce", stock=2)
    text = "\n".join(
        [
            "9780306406157, 4",
            "mutual aid x 2",
            "the conquest of bread  3",
            "Bread, 1",
            "Scarce, 5",
            "Nothing like it, 1",
            "9780306406158, 1",
            "Mutual Aid, 0",
            "",
        ]
    )
    response = client.post("/trade/quick-order/", {"lines": text})
    page = response.content.decode()
    assert response.status_code == 200
    lines = {line.product.title: line.quantity for line in CartLine.objects.all()}
    assert lines == {"Mutual Aid": 6, "The Conquest of Bread": 3, "Scarce": 2}
    assert "Added 4 × “Mutual Aid” to your cart." in page
    assert "Added 2 × “Mutual Aid”" in page
    assert "matches several titles" in page
    assert "Only 2 left of “Scarce”" in page
    assert "We found no title matching “Nothing like it”" in page
    assert "is not a valid ISBN" in page
    assert "must be a whole number of 1 or more" in page
    assert "11 items added to your cart" in page
    # The lines that failed are offered again to correct.
    assert response.context["form"].initial["lines"].startswith("Bread, 1")
    assert aid.pk


def test_all_lines_added_goes_to_the_cart(client, buyer):
    make_product(title="Mutual Aid", price=Decimal("10.00"))
    response = client.post("/trade/quick-order/", {"lines": "Mutual Aid, 8"})
    assert response["Location"] == "/cart/"
    cart = client.get("/cart/").content.decode()
    assert "Trade prices for Freedom Infoshop" in cart
    assert 'data-total="subtotal">£52.00' in cart  # 8 × £6.50


def test_nothing_usable_is_a_400_and_changes_nothing(client, buyer):
    response = client.post("/trade/quick-order/", {"lines": "No such book, 0"})
    assert response.status_code == 400
    assert not CartLine.objects.exists()
    assert client.post("/trade/quick-order/", {"lines": ""}).status_code == 400


@pytest.mark.parametrize("status", [None, "pending", "declined"])
def test_retail_and_unapproved_buyers_get_a_403(client, status):
    make_product(title="Mutual Aid")
    user = make_customer()
    if status:
        make_trade_account(user, status=status)
    client.force_login(user)
    response = client.post("/trade/quick-order/", {"lines": "Mutual Aid, 5"})
    assert response.status_code == 403
    assert "for trade accounts" in response.content.decode()
    assert not CartLine.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.post("/trade/quick-order/", {"lines": "Mutual Aid, 5"})
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]

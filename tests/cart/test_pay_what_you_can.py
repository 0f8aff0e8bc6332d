"""Pay what you can: the shopper types their price within the range staff set;
the server checks it, the cart line keeps it, the order copies it, codes leave
it alone, and a range moved later is told, never silently charged."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from cart.models import Cart, CartLine
from cart.pricing import BuyerTerms
from cart.totals import cart_totals
from checkout.models import Order
from discounts.models import Discount
from tests.checkout.helpers import checkout, details, review_form
from tests.factories import (
    make_cart,
    make_customer,
    make_postage,
    make_product,
    make_trade_account,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def post(db):
    """Royal Mail (UK), £2.50."""
    return make_postage()[1]


@pytest.fixture
def zine(db):
    """£10.00; pay what you can from £4.00 to £30.00, suggested £8.00."""
    return make_product(
        title="Anarchy Zine",
        price="10.00",
        pwyc_floor="4.00",
        pwyc_suggested="8.00",
        pwyc_ceiling="30.00",
        stock=10,
    )


def add(client, product, amount, **extra):
    data = {"product": product.pk, "quantity": 1, "next": "/cart/"}
    data |= {"price_choice": "pwyc", "amount": amount} | extra
    return client.post("/cart/add/", data)


def text(response):
    return response.content.decode()


def test_the_product_page_has_a_labelled_amount_with_the_range(client, zine):
    page = text(client.get(zine.get_absolute_url()))
    assert '<label for="pwyc-amount">Pay what you can (£)</label>' in page
    assert "Any amount from £4.00 to £30.00; suggested £8.00." in page
    assert 'aria-describedby="pwyc-amount-hint"' in page
    assert 'name="amount" type="text" inputmode="decimal"' in page
    assert 'value="8.00"' in page
    plain = make_product(title="Plain", price="5.00")
    assert "Pay what you can" not in text(client.get(plain.get_absolute_url()))


def test_the_floor_exactly_is_kept_on_the_line_and_copied_to_the_order(
    client, post, zine
):
    response = add(client, zine, "4.00")
    assert response.status_code == 302
    line = CartLine.objects.get()
    assert (line.price_choice, line.price_amount) == ("pwyc", D("4.00"))
    page = text(client.get("/cart/"))
    assert "pay what you can; list £10.00" in page
    assert "£6.50" in page  # £4.00 + £2.50 postage
    checkout(client, post)
    ordered = Order.objects.get()
    assert ordered.total == D("6.50")
    line = ordered.lines.get()
    assert (line.price_choice, line.unit_price, line.cover_price) == (
        "pwyc",
        D("4.00"),
        D("10.00"),
    )


@pytest.mark.parametrize(
    "typed, kept",
    [("30", "30.00"), ("£4.5", "4.50"), (" 12.34 ", "12.34"), ("7.000", "7.00")],
)
def test_amounts_in_range_are_taken_to_the_penny(client, zine, typed, kept):
    assert add(client, zine, typed).status_code == 302
    assert CartLine.objects.get().price_amount == D(kept)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("3.99", "Enter an amount from £4.00 to £30.00 for “Anarchy Zine”."),
        ("30.01", "Enter an amount from £4.00 to £30.00 for “Anarchy Zine”."),
        ("5000", "Enter an amount from £4.00 to £30.00 for “Anarchy Zine”."),
        ("0", "Enter an amount from £4.00 to £30.00 for “Anarchy Zine”."),
        ("", "Enter the amount you want to pay, such as 5.00."),
        ("five", "Enter an amount in pounds, such as 5 or 5.50."),
        ("NaN", "Enter an amount in pounds, such as 5 or 5.50."),
        ("Infinity", "Enter an amount in pounds, such as 5 or 5.50."),
        ("4,50", "Enter an amount in pounds, such as 5 or 5.50."),
        ("4.001", "Enter pounds and pence, with at most 2 decimal places."),
        ("-5", "The amount cannot be negative."),
        ("1e30", "That amount is too large."),
        ("99999999999999.123", "That amount is too large."),
        ("1" * 50, "Enter an amount in pounds, such as 5 or 5.50."),
        ("<b>5</b>", "Enter an amount in pounds, such as 5 or 5.50."),
    ],
)
def test_a_bad_amount_is_refused_beside_the_field_and_nothing_changes(
    client, zine, typed, message
):
    response = add(client, zine, typed)
    assert response.status_code == 400
    page = text(response)
    assert f'<p class="pwyc__error" id="pwyc-amount-error">{message}</p>' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="pwyc-amount-hint pwyc-amount-error"' in page
    assert not Cart.objects.exists() and not CartLine.objects.exists()


def test_a_bad_amount_leaves_the_line_already_in_the_cart_as_it_was(client, zine):
    add(client, zine, "12.00")
    assert add(client, zine, "3.99").status_code == 400
    line = CartLine.objects.get()
    assert (line.quantity, line.price_amount) == (1, D("12.00"))


def test_the_script_gets_the_refusal_as_json(client, zine):
    response = client.post(
        "/cart/add/",
        {"product": zine.pk, "quantity": 1, "price_choice": "pwyc", "amount": "1"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Enter an amount from £4.00 to £30.00 for “Anarchy Zine”."
    )
    assert not CartLine.objects.exists()


def test_an_amount_forged_for_a_product_without_pay_what_you_can(client):
    plain = make_product(title="Plain", price="5.00", stock=3)
    response = add(client, plain, "0.01")
    assert response.status_code == 400
    assert "Sorry, “Plain” does not offer pay what you can." in text(response)
    assert not CartLine.objects.exists()
    # Without the choice, an amount alone is still read as pay what you can.
    response = add(client, plain, "0.01", price_choice="")
    assert response.status_code == 400
    assert not CartLine.objects.exists()


def test_a_trade_buyer_is_refused_and_pays_their_trade_price(client, zine, settings):
    settings.TRADE_MINIMUM_ORDER = "0"
    user = make_customer("lucy@example.org")
    make_trade_account(user)
    client.force_login(user)
    assert "Pay what you can" not in text(client.get(zine.get_absolute_url()))
    response = add(client, zine, "4.00")
    assert response.status_code == 400
    assert "Trade accounts pay their trade price for “Anarchy Zine”" in text(response)
    assert not CartLine.objects.exists()
    client.post("/cart/add/", {"product": zine.pk, "quantity": 1})
    line = CartLine.objects.get()
    assert "Pay what you can" not in text(client.get("/cart/"))
    forged = client.post(
        "/cart/price/", {"line": line.pk, "price_choice": "pwyc", "amount": "4.00"}
    )
    assert forged.status_code == 400
    assert "Trade accounts pay their trade price" in text(forged)
    line.refresh_from_db()
    assert (line.price_choice, line.price_amount) == ("list", None)
    assert "£6.50" in text(client.get("/cart/"))  # 35% off £10.00


def test_the_amount_can_be_changed_in_the_cart(client, post, zine):
    add(client, zine, "8.00")
    line = CartLine.objects.get()
    page = text(client.get("/cart/"))
    assert f'<label for="amount-{line.pk}">Pay what you can for Anarchy Zine (£)' in (
        page
    )
    assert f'value="8.00" required aria-describedby="amount-{line.pk}-hint"' in page
    changed = client.post(
        "/cart/price/", {"line": line.pk, "price_choice": "pwyc", "amount": "15"}
    )
    assert changed.status_code == 302
    line.refresh_from_db()
    assert line.price_amount == D("15.00")
    page = text(client.get("/cart/"))
    assert "You pay £15.00 for “Anarchy Zine”." in page
    assert "£17.50" in page  # £15.00 + £2.50


@pytest.mark.parametrize(
    "typed, message",
    [
        ("3.99", "Enter an amount from £4.00 to £30.00"),
        ("abc", "Enter an amount in pounds"),
        ("", "Enter the amount you want to pay"),
        ("-1", "The amount cannot be negative."),
    ],
)
def test_a_bad_amount_in_the_cart_is_shown_beside_its_field(
    client, zine, typed, message
):
    add(client, zine, "8.00")
    line = CartLine.objects.get()
    response = client.post(
        "/cart/price/", {"line": line.pk, "price_choice": "pwyc", "amount": typed}
    )
    assert response.status_code == 400
    page = text(response)
    assert f'id="amount-{line.pk}-error">{message}' in page
    assert "Your price was not changed" in page
    line.refresh_from_db()
    assert line.price_amount == D("8.00")


def test_a_code_takes_nothing_off_a_pay_what_you_can_line(client, post, zine):
    book = make_product(title="Mutual Aid", price="6.00", stock=5)
    Discount.objects.create(code="BOOKFAIR10", value=10)
    add(client, zine, "4.00")
    refused = client.post("/cart/code/", {"code": "BOOKFAIR10"}, follow=True)
    assert "The code BOOKFAIR10 takes nothing off prices you choose yourself" in (
        text(refused)
    )
    assert Cart.objects.get().discount is None
    client.post("/cart/add/", {"product": book.pk, "quantity": 1})
    page = text(client.post("/cart/code/", {"code": "BOOKFAIR10"}, follow=True))
    assert "Code BOOKFAIR10 applied: 10% off, −£0.60." in page
    checkout(client, post)
    order = Order.objects.get()
    # £4.00 (pay what you can) + £6.00 − £0.60 + £2.50 postage.
    assert (order.discount, order.total) == (D("0.60"), D("11.90"))
    lines = {line.title: line for line in order.lines.all()}
    assert lines["Anarchy Zine"].discount == D("0.00")
    assert lines["Anarchy Zine"].unit_price == D("4.00")


def test_a_free_postage_code_still_frees_postage_for_pay_what_you_can(
    client, post, zine
):
    Discount.objects.create(code="POSTFREE", kind="free_postage", value=0)
    add(client, zine, "4.00")
    page = text(client.post("/cart/code/", {"code": "POSTFREE"}, follow=True))
    assert "Code POSTFREE applied: Free postage, −£2.50." in page
    assert Cart.objects.get().discount is not None


def test_trade_terms_win_over_a_pay_what_you_can_line_and_its_code(zine):
    """A line typed as a retail shopper, priced for a trade buyer (35% off),
    with a code also for trade: the trade price, less the code."""
    code = Discount.objects.create(
        code="TRADE10", value=10, applies_to_trade=True, description=""
    )
    cart = make_cart(lines=[(zine, 3)], discount=code)
    cart.lines.update(price_choice="pwyc", price_amount=D("4.00"))
    buyer = BuyerTerms(account_id=1, name="Freedom", discount_percent=D("35"))
    totals = cart_totals(cart, buyer=buyer)
    (row,) = totals.lines
    assert (row.unit_price, row.line_total, row.choice) == (
        D("6.50"),
        D("19.50"),
        "list",
    )
    assert totals.discount == D("1.95")  # 10% of the trade line, per line
    retail = cart_totals(cart)
    assert (retail.lines[0].line_total, retail.discount) == (D("12.00"), D("0.00"))
    assert retail.code.problem.startswith("The code TRADE10 takes nothing off")


def test_a_floor_raised_after_adding_is_told_on_the_cart_and_charged(client, zine):
    add(client, zine, "5.00")
    zine.pwyc_floor = D("6.00")
    zine.save()
    page = text(client.get("/cart/"))
    told = (
        "You chose to pay £5.00 for “Anarchy Zine”, but the lowest amount is now "
        "£6.00: your cart charges £6.00."
    )
    assert told in page
    assert 'class="cart-notice" role="status"' in page
    assert CartLine.objects.get().price_amount == D("5.00")  # theirs, until changed
    zine.pwyc_floor = zine.pwyc_suggested = zine.pwyc_ceiling = None
    zine.save()
    page = text(client.get("/cart/"))
    assert "“Anarchy Zine” no longer offers pay what you can: your cart charges" in (
        page
    )
    assert "£10.00" in page


def test_a_floor_raised_after_review_stops_the_order_with_a_message(client, post, zine):
    add(client, zine, "4.00")
    client.post("/checkout/details/", details(post))
    _, fields = review_form(client)
    type(zine).objects.filter(pk=zine.pk).update(pwyc_floor=D("4.01"))
    page = text(client.post("/checkout/place/", fields, follow=True))
    assert "The price of “Anarchy Zine” changed from £4.00 to £4.01." in page
    assert "Your total is now £6.51 (was £6.50)." in page
    assert "the lowest amount is now £4.01" in page
    assert not Order.objects.exists()


def test_the_fund_counts_pay_what_you_can_above_and_below_list(client, post, zine):
    from checkout import services

    for amount in ("13.00", "4.00", "10.00"):
        shopper = client.__class__()
        add(shopper, zine, amount)
        checkout(shopper, post)
    for order in Order.objects.all():
        services.mark_paid(order=order)
    staff = User.objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(staff)
    page = text(client.get("/admin/checkout/order/"))
    assert "Paid above list price: £3.00 · paid below: £6.00" in page
    assert "the fund is empty" in page
    from checkout.selectors import solidarity_fund

    assert solidarity_fund().balance == D("-3.00")


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"pwyc_floor": "4.00"}, "pwyc_ceiling", "Set the most a shopper may pay"),
        ({"pwyc_floor": "10.01", "pwyc_ceiling": "30"}, "pwyc_floor", "at most the"),
        ({"pwyc_floor": "4", "pwyc_ceiling": "9.99"}, "pwyc_ceiling", "at least"),
        (
            {"pwyc_floor": "4", "pwyc_suggested": "3.99", "pwyc_ceiling": "30"},
            "pwyc_suggested",
            "between the lowest and the most",
        ),
        (
            {"pwyc_floor": "4", "pwyc_suggested": "30.01", "pwyc_ceiling": "30"},
            "pwyc_suggested",
            "between the lowest and the most",
        ),
        ({"pwyc_suggested": "8"}, "pwyc_floor", "Set the lowest amount"),
        ({"pwyc_floor": "0.00", "pwyc_ceiling": "30"}, "pwyc_floor", "greater than"),
        (
            {"pwyc_floor": "4", "pwyc_ceiling": "30", "solidarity_price": "12"},
            "pwyc_floor",
            "either solidarity prices or pay what you can",
        ),
    ],
)
def test_staff_set_floor_suggested_and_ceiling_in_order(fields, field, message):
    product = make_product(title="Zine", price="10.00")
    for name, value in fields.items():
        setattr(product, name, D(value))
    with pytest.raises(ValidationError) as refused:
        product.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_floor_suggested_and_ceiling_may_meet(db):
    product = make_product(title="Zine", price="10.00")
    product.pwyc_floor = product.pwyc_suggested = product.pwyc_ceiling = D("10.00")
    product.full_clean()


def test_staff_find_the_range_in_the_products_selling_section(admin_client, zine):
    page = text(admin_client.get(f"/admin/catalog/product/{zine.pk}/change/"))
    for label in (
        "Pay what you can from",
        "Suggested amount",
        "Pay what you can up to",
    ):
        assert f">{label}:</label>" in page
    assert 'name="pwyc_floor" value="4.00"' in page

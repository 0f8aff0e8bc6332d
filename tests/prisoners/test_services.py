"""The queue's changes: packing keeps the prison's rules, takes stock safely
and charges the fund; sending a bought order ships it; declining needs a reason."""

from decimal import Decimal

import pytest

from catalog.models import Product
from checkout.models import Order
from checkout.services import mark_paid
from outbox.models import Email
from prisoners import selectors, services
from prisoners.models import PrisonerRequest
from tests.factories import make_product

from .conftest import donate, make_prison, make_request, place

pytestmark = pytest.mark.django_db


def test_the_fund_is_paid_donations_less_the_books_packed(postage):
    donate("10.00")
    place((make_product(), 1), donation="50.00")  # unpaid: not in the fund yet
    book = make_product(price=Decimal("3.33"), stock=5)
    request = make_request((book, 2))
    assert services.pack(request=request)
    fund = selectors.fund()
    assert (fund.donations, fund.spent, fund.balance) == (
        Decimal("10.00"),
        Decimal("6.66"),
        Decimal("3.34"),
    )


def test_packing_takes_the_books_from_stock_and_charges_their_price(postage):
    donate("20.00")
    book = make_product(title="Are Prisons Obsolete?", price=Decimal("9.99"), stock=3)
    request = make_request((book, 2))
    assert services.pack(request=request)
    book.refresh_from_db()
    assert book.stock == 1
    packed = request.books.get()
    assert (packed.cost, packed.stock_taken) == (Decimal("19.98"), True)
    request.refresh_from_db()
    assert request.status == "packed"


def test_packing_more_than_the_fund_holds_changes_nothing(postage):
    donate("5.00")
    book = make_product(title="Assata", price=Decimal("5.01"), stock=3)
    request = make_request((book, 1))
    with pytest.raises(services.RequestRefused) as refused:
        services.pack(request=request)
    assert refused.value.messages == [
        "These books cost £5.01 and the prisoner fund holds £5.00."
    ]
    book.refresh_from_db()
    request.refresh_from_db()
    assert (book.stock, request.status) == (3, "accepted")
    assert selectors.fund().balance == Decimal("5.00")


def test_packing_refuses_short_stock_without_taking_any(postage):
    donate("100.00")
    plenty = make_product(title="Plenty", stock=5)
    last = make_product(title="Last copy", stock=1)
    request = make_request((plenty, 1), (last, 2))
    with pytest.raises(services.RequestRefused) as refused:
        services.pack(request=request)
    assert refused.value.messages == ["Not enough of “Last copy” in stock."]
    stock = Product.objects.filter(pk__in=[plenty.pk, last.pk]).order_by("pk")
    assert list(stock.values_list("stock", flat=True)) == [5, 1]


def test_packing_keeps_the_prisons_rules_on_hardbacks_and_parcel_size(postage):
    donate("100.00")
    hardback = make_product(title="Capital", format="hardback", stock=5)
    paperback = make_product(title="Mutual Aid", stock=5)
    prison = make_prison(max_books=2)
    request = make_request((hardback, 1), (paperback, 2), prison=prison)
    with pytest.raises(services.RequestRefused) as refused:
        services.pack(request=request)
    assert refused.value.messages == [
        "HMP Example takes at most 2 books a parcel (this has 3).",
        "HMP Example takes no hardbacks: “Capital”.",
    ]
    prison.allows_hardbacks, prison.max_books = True, None
    prison.save()
    assert services.pack(request=request)


def test_packing_needs_the_prisoner_and_the_prison(postage):
    request = make_request(
        (make_product(stock=1), 1), prisoner_number="", prison=make_prison()
    )
    request.prison = None
    request.save()
    with pytest.raises(services.RequestRefused) as refused:
        services.pack(request=request)
    assert refused.value.messages == [
        "Add the prisoner's name and number.",
        "Choose the prison, so its rules on books are kept.",
    ]


def test_only_an_accepted_request_is_packed_and_only_a_packed_one_sent(postage):
    request = make_request((make_product(stock=1), 1), status="new")
    assert not services.pack(request=request)
    assert not services.send(request=request)
    assert services.accept(request=request)
    assert not services.accept(request=request)


def test_a_bought_order_is_accepted_once_paid_packed_free_and_shipped_when_sent(
    postage,
):
    book = make_product(title="Assata", price=Decimal("9.99"), stock=2)
    order = place((book, 1), deliver_to="prisoner_support", line1="", city="")
    request = PrisonerRequest.objects.get(order=order)
    with pytest.raises(services.RequestRefused) as refused:
        services.accept(request=request)
    assert refused.value.messages == [
        f"Order {order.number} is awaiting payment: not paid yet."
    ]
    mark_paid(order=order)
    request.prisoner_name, request.prisoner_number = "Leonard Peltier", "89637"
    request.prison = make_prison()
    request.save()
    assert services.accept(request=request)
    assert services.pack(request=request)  # the fund is empty: the shopper paid
    book.refresh_from_db()
    assert book.stock == 1  # taken by the order, not again by packing
    assert services.send(request=request)
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    assert request.closed_at is not None


def test_declining_needs_a_reason_and_tells_the_group(postage):
    request = make_request(status="new")
    with pytest.raises(services.RequestRefused):
        services.decline(request=request, reason="  ")
    assert services.decline(request=request, reason="The prison bans parcels.")
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (
        "declined",
        "The prison bans parcels.",
    )
    email = Email.objects.get(kind="prisoners.declined")
    assert email.to == "abc@example.org"
    assert "The prison bans parcels." in email.body
    assert not services.decline(request=request, reason="again")

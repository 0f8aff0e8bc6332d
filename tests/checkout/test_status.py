"""Every status change reads one table, ``Order.pipeline``."""

import pytest

from checkout import services
from checkout.models import Order, StatusChange
from tests.checkout.helpers import details, give_cart
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db

Status = Order.Status


def test_the_pipeline_names_every_status_and_nothing_follows_a_refund():
    assert set(Order.pipeline) == set(Status)
    assert all(set(nexts) <= set(Status) for nexts in Order.pipeline.values())
    assert Order.pipeline[Status.REFUNDED] == frozenset()


@pytest.mark.parametrize("start", list(Status))
def test_a_change_the_pipeline_does_not_list_is_refused_and_recorded_nowhere(
    postage, start
):
    order = make_order((make_product(stock=5), 1))
    Order.objects.filter(pk=order.pk).update(status=start)
    history = StatusChange.objects.count()
    for to in set(Status) - Order.pipeline[start]:
        assert services.set_status(order, to=to) is None
        order.refresh_from_db()
        assert order.status == start
    assert StatusChange.objects.count() == history


def test_a_change_the_pipeline_lists_is_made_once_and_recorded(postage):
    order = make_order((make_product(stock=5), 1))
    change = services.set_status(order, to=Status.PAID, note="Paid at the fair.")
    assert (change.from_status, change.to_status) == (Status.AWAITING_PAYMENT, "paid")
    assert services.set_status(order, to=Status.PAID) is None
    order.refresh_from_db()
    assert order.status == Status.PAID


def test_staff_cannot_mark_an_order_paid_once_it_has_ended(postage):
    book = make_product(stock=5)
    order = make_order((book, 2))
    services.expire(order=order)
    assert services.mark_paid(order=order) is False
    order.refresh_from_db()
    book.refresh_from_db()
    assert (order.status, book.stock) == (Status.CANCELLED, 5)


def test_properties_say_what_the_order_page_offers(postage, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    order = make_order((make_product(stock=5), 1), payment_method="card")
    assert order.can_pay_by_card and not order.can_refund
    settings.STRIPE_SECRET_KEY = ""
    assert not order.can_pay_by_card
    services.mark_paid(order=order)
    assert not order.can_pay_by_card and order.can_refund


def test_details_spoilt_in_the_session_send_the_shopper_back_to_the_form(
    client, postage
):
    _, posted, _ = postage
    give_cart(client, (make_product(), 1))
    for spoilt in ({"email": "a@b.c"}, "text", details(posted, payment="barter")):
        session = client.session
        session["checkout_details"] = spoilt
        session.save()
        response = client.get("/checkout/review/")
        assert response.status_code == 302
        assert response["Location"] == "/checkout/details/"

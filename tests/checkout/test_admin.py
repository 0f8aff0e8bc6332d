import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from checkout.models import Order
from tests.checkout.helpers import checkout, give_cart
from tests.checkout.stripe_fake import event, post_event
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/checkout/order/"


@pytest.fixture
def staff(client):
    user = User.objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(user)
    return user


def act(client, action, *orders, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [o.pk for o in orders]} | extra,
        follow=True,
    )


def test_orders_list_shows_number_name_email_total_status_and_searches(
    client, staff, postage
):
    order = make_order((make_product(price=Decimal("4.00")), 2), name="Lucy Parsons")
    make_order((make_product(), 1), name="Emma Goldman", email="emma@example.org")
    page = client.get(CHANGELIST).content.decode()
    assert order.number in page and "Lucy Parsons" in page and "£10.50" in page
    assert "reader@example.org" in page and "awaiting payment" in page
    found = client.get(CHANGELIST, {"q": "emma@example.org"}).content.decode()
    assert "Emma Goldman" in found and "Lucy Parsons" not in found
    by_number = client.get(CHANGELIST, {"q": order.number}).content.decode()
    assert "Lucy Parsons" in by_number and "Emma Goldman" not in by_number
    filtered = client.get(CHANGELIST, {"status__exact": "paid"}).content.decode()
    assert "Lucy Parsons" not in filtered


def test_order_page_shows_lines_history_and_links_the_packing_slip(
    client, staff, postage
):
    order = make_order((make_product(title="Kropotkin for beginners"), 1))
    page = client.get(f"{CHANGELIST}{order.pk}/change/").content.decode()
    assert "Kropotkin for beginners" in page
    assert "status history" in page.lower()
    slip_url = f"{CHANGELIST}{order.pk}/packing-slip/"
    assert slip_url in page
    slip = client.get(slip_url).content.decode()
    assert order.number in slip and "Kropotkin for beginners" in slip
    assert "1 Example Street" in slip


def test_packing_slip_is_for_staff_only(client, postage):
    order = make_order((make_product(), 1))
    url = f"{CHANGELIST}{order.pk}/packing-slip/"
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # A logged-in shopper is no better off; staff without order rights neither.
    client.force_login(User.objects.create_user("reader", password="pw"))
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(User.objects.create_user("clerk", password="pw", is_staff=True))
    assert client.get(url).status_code == 403
    assert order.number not in client.get(url).content.decode()


def test_mark_paid_then_shipped_with_tracking_emails_the_shopper_once_each(
    client, staff, postage, mailoutbox, django_capture_on_commit_callbacks
):
    order = make_order((make_product(), 1))
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "mark_paid", order)
        act(client, "mark_paid", order)
    order.refresh_from_db()
    assert order.status == "paid" and order.paid_at
    form = act(client, "mark_shipped", order)
    assert "Tracking reference" in form.content.decode()
    order.refresh_from_db()
    assert order.status == "paid"  # the form page alone changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "mark_shipped", order, ship="1", tracking_reference="RM123456GB")
    order.refresh_from_db()
    assert (order.status, order.tracking_reference) == ("shipped", "RM123456GB")
    subjects = [m.subject.split(": ", 1)[1] for m in mailoutbox]
    assert subjects == [
        f"Payment received for order {order.number}",
        f"Your order {order.number} is on its way",
    ]
    assert "RM123456GB" in mailoutbox[1].body
    history = [
        (c.from_status, c.to_status, c.changed_by) for c in order.status_changes.all()
    ]
    assert history == [
        ("", "awaiting_payment", None),
        ("awaiting_payment", "paid", staff),
        ("paid", "shipped", staff),
    ]


def test_shipping_an_unpaid_order_is_refused_with_a_message(client, staff, postage):
    order = make_order((make_product(), 1))
    page = act(client, "mark_shipped", order, ship="1", tracking_reference="")
    assert "left as they were" in page.content.decode()
    order.refresh_from_db()
    assert order.status == "awaiting_payment"


def test_cancel_returns_stock_once_and_emails_the_shopper(
    client, staff, postage, mailoutbox, django_capture_on_commit_callbacks
):
    book = make_product(stock=3)
    order = make_order((book, 2))
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "cancel_orders", order)
        act(client, "cancel_orders", order)
    book.refresh_from_db()
    order.refresh_from_db()
    assert (order.status, book.stock) == ("cancelled", 3)
    assert [m.subject for m in mailoutbox] == [
        f"Radical Books: Your order {order.number} has been cancelled"
    ]


def test_card_refund_goes_through_stripe_and_is_recorded_from_its_answer(
    client, staff, postage, stripe_fake, mailoutbox, django_capture_on_commit_callbacks
):
    _, posted, _ = postage
    book = make_product(price=Decimal("6.00"), stock=4)
    shopper = client.__class__()
    give_cart(shopper, (book, 1))
    checkout(shopper, posted, "card")
    order = Order.objects.get()
    session = stripe_fake.pay(order.stripe_session_id)
    post_event(client, event("checkout.session.completed", session))
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "refund_orders", order)
        act(client, "refund_orders", order)
    order.refresh_from_db()
    book.refresh_from_db()
    assert order.status == "refunded"
    assert order.refunded_amount == Decimal("8.50")
    assert order.stripe_refund_id.startswith("re_")
    assert book.stock == 4
    (refund_call,) = stripe_fake.calls("/v1/refunds")
    assert refund_call["params"]["payment_intent"] == session["payment_intent"]
    assert refund_call["headers"]["Idempotency-Key"] == f"order-{order.number}-refund"
    assert [m.subject.split(": ", 1)[1] for m in mailoutbox] == [
        f"Your order {order.number} has been refunded"
    ]
    assert "£8.50 back to your card" in mailoutbox[0].body


def test_refund_stripe_refuses_changes_nothing(client, staff, postage, stripe_fake):
    order = make_order((make_product(), 1), payment_method="card")
    Order.objects.filter(pk=order.pk).update(
        status="paid", stripe_payment_intent="pi_x"
    )
    stripe_fake.fail_with = 400
    page = act(client, "refund_orders", order).content.decode()
    assert f"Stripe did not refund {order.number}" in page
    order.refresh_from_db()
    assert order.status == "paid"


def test_cancelling_a_paid_order_is_refused_and_points_to_refund(
    client, staff, postage, mailoutbox, django_capture_on_commit_callbacks
):
    book = make_product(stock=3)
    order = make_order((book, 2))
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "mark_paid", order)
        page = act(client, "cancel_orders", order).content.decode()
    assert f"{order.number} (paid)" in page
    assert "To call off a paid order, use “Refund”" in page
    order.refresh_from_db()
    book.refresh_from_db()
    # The money is still held, so the stock stays sold and nobody is emailed.
    assert (order.status, order.stock_released, book.stock) == ("paid", False, 1)
    assert [m.subject.split(": ", 1)[1] for m in mailoutbox] == [
        f"Payment received for order {order.number}"
    ]


def test_refunding_a_paid_bank_transfer_returns_stock_once(
    client, staff, postage, mailoutbox, django_capture_on_commit_callbacks
):
    book = make_product(stock=3)
    order = make_order((book, 2))
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "mark_paid", order)
        act(client, "refund_orders", order)
        page = act(client, "refund_orders", order).content.decode()
    assert f"{order.number} (refunded)" in page
    order.refresh_from_db()
    book.refresh_from_db()
    assert (order.status, book.stock) == ("refunded", 3)
    assert [c.note for c in order.status_changes.all()][-1] == (
        "Refund to be paid by staff outside the shop."
    )
    assert len([m for m in mailoutbox if "refunded" in m.subject]) == 1


def test_a_refund_stripe_reports_failed_changes_nothing(
    client, staff, postage, stripe_fake, mailoutbox
):
    _, posted, _ = postage
    book = make_product(price=Decimal("6.00"), stock=4)
    shopper = client.__class__()
    give_cart(shopper, (book, 1))
    checkout(shopper, posted, "card")
    order = Order.objects.get()
    post_event(
        client,
        event("checkout.session.completed", stripe_fake.pay(order.stripe_session_id)),
    )
    stripe_fake.refund_status = "failed"
    page = act(client, "refund_orders", order).content.decode()
    assert f"Stripe did not refund {order.number}: the refund failed." in page
    order.refresh_from_db()
    book.refresh_from_db()
    assert (order.status, order.stripe_refund_id, book.stock) == ("paid", "", 3)


def test_a_late_payment_flagged_for_staff_can_be_refunded_through_stripe(
    client, staff, postage, stripe_fake, mailoutbox, django_capture_on_commit_callbacks
):
    _, posted, _ = postage
    book = make_product(price=Decimal("6.00"), stock=1)
    shopper = client.__class__()
    give_cart(shopper, (book, 1))
    checkout(shopper, posted, "card")
    order = Order.objects.get()
    session = stripe_fake.sessions[order.stripe_session_id]
    post_event(client, event("checkout.session.expired", session))
    make_order((book, 1))  # the copy went back on sale and sold
    post_event(
        client,
        event("checkout.session.completed", stripe_fake.pay(order.stripe_session_id)),
    )
    order.refresh_from_db()
    assert (order.status, order.needs_attention) == ("expired", True)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "refund_orders", order)
    order.refresh_from_db()
    book.refresh_from_db()
    assert (order.status, order.needs_attention) == ("refunded", False)
    assert order.refunded_amount == Decimal("8.50")
    assert book.stock == 0  # the other buyer's copy stays sold
    (refund_call,) = stripe_fake.calls("/v1/refunds")
    assert refund_call["params"]["payment_intent"] == session["payment_intent"]
    assert [m.to for m in mailoutbox] == [["reader@example.org"]]


def test_the_order_page_slip_and_shop_email_show_one_address_and_lines(
    client, staff, postage, mailoutbox, django_capture_on_commit_callbacks
):
    def address(html):
        (block,) = re.findall(r"<address>(.*?)</address>", html, re.S)
        return re.sub(r"\s+", " ", block).strip()

    def lines_table(html):
        (table,) = re.findall(r'<table class="order-lines">.*?</table>', html, re.S)
        return table

    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(
            (make_product(title="Mutual Aid", price=Decimal("4.25")), 2),
            line2="Flat 3",
            region="Avon",
        )
    page = client.get(order.get_absolute_url()).content.decode()
    slip = client.get(f"{CHANGELIST}{order.pk}/packing-slip/").content.decode()
    (notice,) = [m for m in mailoutbox if "New order" in m.subject]
    email_html = notice.alternatives[0][0]
    expected = (
        "Ada Reader<br>1 Example Street<br>Flat 3<br>Bristol<br>Avon<br>"
        "BS1 1AA<br>United Kingdom"
    )
    assert address(page) == address(slip) == address(email_html) == expected
    assert lines_table(page) == lines_table(slip)
    assert "Mutual Aid" in lines_table(slip) and "£8.50" in lines_table(slip)

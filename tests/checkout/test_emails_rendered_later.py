"""The order emails are rendered by the outbox's worker, after the commit, and
still say what was true when the order was placed."""

from decimal import Decimal

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from checkout import services
from checkout.models import Order, OrderLine
from outbox.models import Email
from tests.factories import make_order, make_postage, make_product


def by_subject(mailoutbox):
    return {message.subject: message for message in mailoutbox}


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_sent_after_the_order_changed_says_what_it_said_when_placed(
    settings, mailoutbox, run_worker
):
    settings.BANK_TRANSFER_DETAILS = "Sort code 11-22-33, account 12345678"
    make_postage()
    order = make_order(
        (make_product(title="Mutual Aid", price=Decimal("4.25")), 2),
        line1="1 Old Street",
    )
    # Nothing was rendered in the order's transaction: the worker does it.
    queued = Email.objects.filter(about_id=str(order.pk))
    assert sorted(queued.values_list("kind", "body")) == [
        ("checkout.confirmation", ""),
        ("checkout.new_order", ""),
    ]

    # Before the worker runs, the order is paid and shipped, and staff edit
    # its address and a line's title.
    services.mark_paid(order=order)
    services.mark_shipped(order=order, tracking_reference="RM123")
    Order.objects.filter(pk=order.pk).update(line1="2 New Road")
    OrderLine.objects.filter(order=order).update(title="Renamed")
    run_worker()

    sent = by_subject(mailoutbox)
    confirmation = sent[f"Radical Books: Your order {order.number}"].body
    assert f"Please pay £11.00 by bank transfer, quoting {order.number}" in (
        confirmation
    )
    assert "Sort code 11-22-33, account 12345678" in confirmation
    assert "We have your payment" not in confirmation
    assert "2 × Mutual Aid @ £4.25 = £8.50" in confirmation
    assert "Renamed" not in confirmation
    shop_copy = sent[f"Radical Books: New order {order.number}"].body
    assert "(awaiting payment)" in shop_copy
    assert "1 Old Street" in shop_copy and "2 New Road" not in shop_copy
    # The emails of the later changes say what was true then.
    assert "We have received your payment of £11.00" in (
        sent[f"Radical Books: Payment received for order {order.number}"].body
    )
    assert (
        "RM123" in sent[f"Radical Books: Your order {order.number} is on its way"].body
    )
    # What was sent is kept on the row, as staff see it in admin.
    row = Email.objects.get(kind="checkout.confirmation")
    assert row.status == Email.Status.SENT and row.body == confirmation


@pytest.mark.django_db(transaction=True)
def test_an_order_rolled_back_sends_no_email(mailoutbox, run_worker):
    make_postage()
    product = make_product(stock=5)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_order((product, 2))
        raise RuntimeError("the request failed after placing the order")
    run_worker()
    assert not Order.objects.exists()
    assert not Email.objects.exists()
    assert not DBTaskResult.objects.filter(task_path="outbox.tasks.deliver").exists()
    assert mailoutbox == []
    product.refresh_from_db()
    assert product.stock == 5

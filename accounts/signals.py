"""Receivers: orders follow a customer who signs in; stock written sends alerts."""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver

from catalog.signals import stock_written

from . import alerts, services


@receiver(user_logged_in, dispatch_uid="accounts_link_orders")
def link_orders_on_sign_in(sender, request, user, **kwargs):
    services.link_orders(user=user)


def _send_due_alerts():
    alerts.send_due()


@receiver(stock_written, dispatch_uid="accounts_stock_alerts")
def send_alerts_after_commit(sender, **kwargs):
    # One run per transaction however many stock rows it wrote (an order
    # writes one per line); it reads the database after commit, so it sees
    # every change made by then.
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is _send_due_alerts for _, func, *_ in connection.run_on_commit
    ):
        return
    transaction.on_commit(_send_due_alerts, robust=True)

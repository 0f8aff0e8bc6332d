"""Receivers: orders follow a customer who signs in; stock written sends alerts."""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver

from catalog.signals import stock_written

from . import services, tasks


@receiver(user_logged_in, dispatch_uid="accounts_link_orders")
def link_orders_on_sign_in(sender, request, user, **kwargs):
    services.link_orders(user=user)


@receiver(stock_written, dispatch_uid="accounts_stock_alerts")
def send_alerts_after_commit(sender, **kwargs):
    # After commit: the alerts read the stock the transaction left, and a
    # rolled-back restock sends nothing.
    transaction.on_commit(tasks.send_stock_alerts.enqueue, robust=True)

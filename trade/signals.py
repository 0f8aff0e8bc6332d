"""Receivers: an order placed on invoice gets its invoice in the same transaction."""

from django.dispatch import receiver

from checkout.models import Order
from checkout.signals import order_placed

from . import invoicing


@receiver(order_placed, dispatch_uid="trade_invoice_order")
def invoice_the_order(sender, order, buyer, **kwargs):
    if order.payment_method == Order.PaymentMethod.INVOICE:
        invoicing.invoice_order(order=order, account_id=buyer.account_id)

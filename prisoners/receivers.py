"""Orders bought for a prisoner join the prisoner-support queue as they are
placed (``checkout.signals.order_placed``, inside the order's transaction)."""

from django.dispatch import receiver

from checkout.models import Order
from checkout.signals import order_placed

from . import services


@receiver(order_placed, sender=Order, dispatch_uid="prisoners.queue_order")
def queue_bought_books(sender, order, **kwargs):
    if order.for_prisoner:
        services.queue_order(order)

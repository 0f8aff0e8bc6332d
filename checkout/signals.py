"""Signals for apps above checkout.

``order_placed`` is sent inside ``place_order``'s transaction, once the order,
its lines and its stock are written, with ``order``, ``buyer`` (the trade
terms it was priced for, or None) and ``totals``. A receiver that raises
``CheckoutError`` refuses the order: nothing is kept and the shopper reads
its messages. Trade issues an order's invoice this way.
"""

from django.dispatch import Signal

order_placed = Signal()

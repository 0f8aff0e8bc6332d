"""Signals the catalogue sends; apps above it listen, the catalogue imports none."""

from django.dispatch import Signal

# Sent after any write that may have raised a product's stock: ``Product.save``,
# ``update()`` and ``bulk_update()`` of the ``stock`` column, ``F()`` updates
# included (they bypass ``post_save``). No product ids: listeners read the
# database once the transaction commits, whatever rows changed.
stock_written = Signal()

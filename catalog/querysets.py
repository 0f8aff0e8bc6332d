"""The vocabulary of product queries, and the stock signal their writes send."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import CombinedExpression
from django.utils import timezone

from . import signals


def _may_raise(stock) -> bool:
    """Return False only for ``F("stock") - n``: taking stock brings nothing back."""
    return not (
        isinstance(stock, CombinedExpression)
        and stock.connector == CombinedExpression.SUB
        and isinstance(stock.lhs, F)
        and stock.lhs.name == "stock"
    )


class ProductQuerySet(models.QuerySet):
    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows and "stock" in kwargs and _may_raise(kwargs["stock"]):
            signals.stock_written.send(sender=self.model)
        return rows

    def bulk_update(self, objs, fields, batch_size=None):
        rows = super().bulk_update(objs, fields, batch_size=batch_size)
        if rows and "stock" in fields:
            signals.stock_written.send(sender=self.model)
        return rows

    def published(self):
        return self.filter(is_published=True)

    def newest_first(self):
        return self.order_by("-date_added", "-pk")

    def in_stock(self):
        return self.filter(Q(stock__gt=0) | Q(allow_backorder=True))

    def featured(self):
        return self.filter(is_featured=True)

    def new(self):
        """Products added within the last ``NEW_PRODUCT_DAYS`` days."""
        since = timezone.now() - timezone.timedelta(days=settings.NEW_PRODUCT_DAYS)
        return self.filter(date_added__gte=since)

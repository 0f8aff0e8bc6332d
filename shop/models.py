from django.db import models
from django.utils import timezone


class CatalogueVersion(models.Model):
    """One row whose number goes up whenever anything the catalogue shows changes.

    Cached catalogue fragments and ETags carry the number, so a change made
    through any worker or server shows on the next request everywhere: each
    request reads the row (one primary-key query) instead of trusting a
    per-process cache.
    """

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"catalogue version {self.version}"

"""Search documents follow every save of what they are made of.

Whatever writes a product, a credit, a contributor or a publisher (admin, the
CSV import, the demo loader, a shell), its products' search text is written
again in the same transaction, so search never lags the catalogue.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import search
from .models import Contributor, Credit, Product, Publisher


@receiver(post_save, sender=Product, dispatch_uid="search_product_saved")
def product_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.reindex([instance.pk])


@receiver(post_save, sender=Credit, dispatch_uid="search_credit_saved")
def credit_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.reindex([instance.product_id])


@receiver(post_delete, sender=Credit, dispatch_uid="search_credit_deleted")
def credit_deleted(sender, instance, origin=None, **kwargs):
    # Deleting the product deletes its credits first: its document goes with
    # it, and writing one now would point at a row about to vanish.
    if isinstance(origin, Product) or getattr(origin, "model", None) is Product:
        return
    search.reindex([instance.product_id])


@receiver(post_save, sender=Contributor, dispatch_uid="search_contributor_saved")
def contributor_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        search.reindex(instance.credits.values_list("product_id", flat=True))


@receiver(post_save, sender=Publisher, dispatch_uid="search_publisher_saved")
def publisher_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        search.reindex(instance.products.values_list("pk", flat=True))

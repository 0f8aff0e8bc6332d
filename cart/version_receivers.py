"""Postage edits bump the catalogue version, under which pages keep the zones.

The mini cart and the cart page read zones, methods and bands through
``totals.zones_for_pages``; a staff change to any of them must show on the
next request on every worker, as a price change does.
"""

from django.db.models.signals import post_delete, post_save

from shop.cache import catalogue_changed

from .models import ShippingMethod, WeightBand, Zone


def changed(sender, **kwargs):
    catalogue_changed()


for model in (Zone, ShippingMethod, WeightBand):
    post_save.connect(changed, sender=model, dispatch_uid=f"postage_save_{model}")
    post_delete.connect(changed, sender=model, dispatch_uid=f"postage_del_{model}")

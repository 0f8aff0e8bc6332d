"""The cart follows a shopper who signs in (rules in ``cart.merge``); postage
edits bump the catalogue version, under which checkout caches the zones."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from shop.cache import catalogue_changed

from . import merge
from .models import ShippingMethod, WeightBand, Zone


@receiver(user_logged_in, dispatch_uid="cart_attach_to_user")
def attach_cart_to_user(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    merged = merge.attach_to_user(request=request, user=user)
    if hasattr(request, "cart"):
        request.cart.reload()  # it may have read the cart before the merge
    if merged.message:
        messages.info(request, merged.message, fail_silently=True)
    for notice in merged.notices:
        messages.warning(request, notice, fail_silently=True)


def postage_changed(sender, **kwargs):
    catalogue_changed()


# Model by model, as catalog.version_receivers does, so that deleting other
# rows keeps its single query.
for model in (Zone, ShippingMethod, WeightBand):
    post_save.connect(postage_changed, sender=model, dispatch_uid=f"postage_{model}")
    post_delete.connect(
        postage_changed, sender=model, dispatch_uid=f"postage_del_{model}"
    )

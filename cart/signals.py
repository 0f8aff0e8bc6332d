"""The cart follows a shopper who signs in (rules in ``cart.merge``)."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import merge


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

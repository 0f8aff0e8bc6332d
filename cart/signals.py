"""The cart follows a shopper who signs in."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import services


@receiver(user_logged_in, dispatch_uid="cart_attach_to_user")
def attach_cart_to_user(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    cart_before = request.session.get(services.SESSION_KEY)
    cart = services.attach_to_user(request=request, user=user)
    if cart is not None and cart_before and cart_before != cart.pk:
        messages.info(
            request,
            "Your cart from an earlier visit is merged with this one.",
            fail_silently=True,
        )

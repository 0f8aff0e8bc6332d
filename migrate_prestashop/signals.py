"""On sign-in, remember in the session whether the customer has old orders.

The account menu then offers "Orders from our old shop" without a query on
every account page; one ``exists()`` at sign-in is all it costs.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .models import PastOrder

SESSION_KEY = "has_earlier_orders"


@receiver(user_logged_in)
def note_earlier_orders(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = PastOrder.objects.filter(user=user).exists()

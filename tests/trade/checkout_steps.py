"""Walk the checkout as a signed-in buyer does (details, review, place)."""

from cart.models import ShippingMethod
from tests.factories import ADDRESS


def checkout(client, payment="bank_transfer", collect=False):
    """Fill in the details, review, and place the order; return the response."""
    method = ShippingMethod.objects.get(is_collection=collect)
    client.get("/checkout/details/")
    details = client.post(
        "/checkout/details/",
        ADDRESS
        | {
            "email": "lucy@example.org",
            "country": "GB",
            "shipping_method": method.pk,
            "payment_method": payment,
            "accept_terms": "on",
        },
    )
    if details.status_code != 302:
        return details
    form = client.get("/checkout/review/").context["form"]
    return client.post(
        "/checkout/place/",
        {
            "fingerprint": form.initial["fingerprint"],
            "checkout_token": form.initial["checkout_token"],
        },
    )

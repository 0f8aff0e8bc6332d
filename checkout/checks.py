"""System checks for payment settings a shop owner could get half right."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def stripe_webhook_secret(app_configs, **kwargs):
    """Warn when card payment is on but the webhook cannot be verified."""
    if settings.STRIPE_SECRET_KEY and not settings.STRIPE_WEBHOOK_SECRET:
        return [
            checks.Warning(
                "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is empty: "
                "every Stripe webhook will be refused, so card orders are only "
                "marked paid when the shopper returns to the shop.",
                hint="Copy the endpoint's signing secret (whsec_…) from Stripe.",
                id="checkout.W001",
            )
        ]
    return []

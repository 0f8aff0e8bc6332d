from django.conf import settings


def shop(request):
    """Give every template the shop's name and email address."""
    return {"SHOP_NAME": settings.SHOP_NAME, "SHOP_EMAIL": settings.SHOP_EMAIL}

from django.conf import settings


def shop(request):
    """Give every template the shop's name."""
    return {"SHOP_NAME": settings.SHOP_NAME}

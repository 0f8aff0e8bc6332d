from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from shop.csrf import get_token as csrf_token

# Namespaces whose pages carry a canonical link, and the query parameters that
# change what such a page shows (sort order and the like only reorder it).
CANONICAL_NAMESPACES = {"catalog"}
# (The search page writes its own: the query it acts on, trimmed.)
CANONICAL_PARAMS = ("page",)


def shop(request):
    """Give every template the shop's name and email address."""
    return {"SHOP_NAME": settings.SHOP_NAME, "SHOP_EMAIL": settings.SHOP_EMAIL}


def canonical(request):
    """Give catalogue pages ``canonical_url``: this page without sort or tracking.

    Worked out when a template reads it (the template engine calls it): a
    shopper's page drawn from its kept shell reads only its holes.
    """
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace not in CANONICAL_NAMESPACES:
        return {}

    def canonical_url():
        kept = [
            (name, request.GET[name])
            for name in CANONICAL_PARAMS
            if request.GET.get(name)
            and not (name == "page" and request.GET[name] == "1")
        ]
        query = f"?{urlencode(kept)}" if kept else ""
        return request.build_absolute_uri(request.path) + query

    return {"canonical_url": canonical_url}


def csrf(request):
    """Give templates ``csrf_token``, masked by ``shop.csrf`` (read when a form
    asks), in place of the one Django's built-in processor gives."""
    return {"csrf_token": SimpleLazyObject(lambda: csrf_token(request))}

"""A limit on requests per address per hour for the public form, kept in the
cache (Redis when several servers share it, docs/deploy.md)."""

from django.conf import settings
from django.core.cache import cache

from shop.views import client_ip

WINDOW_SECONDS = 60 * 60


def _key(request) -> str:
    return f"prisoners:requests:{client_ip(request)}"


def is_over(request) -> bool:
    """Return whether this address has sent its requests for the hour."""
    return (cache.get(_key(request)) or 0) >= settings.PRISONER_REQUESTS_PER_HOUR


def count(request) -> None:
    """Count one request from this address."""
    key = _key(request)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, WINDOW_SECONDS)

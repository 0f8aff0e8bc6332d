"""Django's RedisCache, but a Redis outage is a cache miss, not a 500.

Nothing the shop keeps in the cache is the only copy (sessions, login
attempts and the catalogue version live in the database), so while Redis is
away every read misses and every write is dropped: pages are slower, never
broken. ``/readyz`` still reports the cache unavailable, and a warning is
logged at most once a minute per process.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)
_UNREACHABLE = (ConnectionError, TimeoutError)
_last_warning = 0.0


def _warn(error):
    global _last_warning
    if time.monotonic() - _last_warning > 60:
        _last_warning = time.monotonic()
        logger.warning("Redis unreachable, caching nothing: %s", type(error).__name__)


def _tolerant(name, fallback):
    method = getattr(RedisCacheClient, name)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _UNREACHABLE as error:
            _warn(error)
            return fallback(*args) if callable(fallback) else fallback

    call.__name__ = name
    return call


class TolerantRedisCacheClient(RedisCacheClient):
    get = _tolerant("get", lambda key, default=None: default)
    get_many = _tolerant("get_many", lambda keys: {})
    has_key = _tolerant("has_key", False)
    add = _tolerant("add", False)
    set = _tolerant("set", None)
    set_many = _tolerant("set_many", lambda data, timeout: list(data))
    touch = _tolerant("touch", False)
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many", None)
    clear = _tolerant("clear", False)


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient


def caches_setting(redis_url: str, key_prefix: str) -> dict:
    """Return CACHES: one Redis for every server when configured, else per process.

    Without Redis each process keeps its own cache, which is right for one
    server: cached pages and fragments are keyed by the catalogue version,
    which every process reads from the database.
    """
    if not redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "OPTIONS": {"MAX_ENTRIES": 2000},
            }
        }
    return {
        "default": {
            "BACKEND": "shop.redis_cache.TolerantRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": key_prefix,
            # A dead Redis must answer within a second, not hang a request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

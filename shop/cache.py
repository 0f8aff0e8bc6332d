"""The shared cache's vocabulary: the catalogue version.

Anything cached from the catalogue (a page fragment, the New products block)
puts ``catalogue_version()`` in its key. A staff edit or an import calls
``bump_catalogue_version()``, and because the number lives in the default
cache (Redis when ``REDIS_URL`` is set) every server's next read misses and
rebuilds: invalidation reaches all of them without knowing what was cached.
"""

import time

from django.core.cache import cache

CATALOGUE_VERSION_KEY = "catalogue-version"


def catalogue_version() -> int:
    """Return the current catalogue version, starting one if there is none."""
    version = cache.get(CATALOGUE_VERSION_KEY)
    if version is None:
        # Start from the clock, not 1: after Redis loses the key, a restart at
        # 1 could meet entries cached under an old 1 and serve them stale.
        cache.add(CATALOGUE_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(CATALOGUE_VERSION_KEY)
    return version


def bump_catalogue_version() -> int:
    """Move every server's catalogue caches on; return the new version."""
    try:
        return cache.incr(CATALOGUE_VERSION_KEY)
    except ValueError:  # no version yet (or evicted): a fresh one is new enough
        catalogue_version()
        return cache.incr(CATALOGUE_VERSION_KEY)


def catalogue_key(*parts) -> str:
    """Return a cache key that goes stale when the catalogue changes."""
    return ":".join(["catalogue", str(catalogue_version()), *map(str, parts)])

"""The catalogue version, and rendered fragments cached under it.

Anything that changes what a catalogue page shows (a staff save, an import,
an order taking stock) calls ``catalogue_changed()``; after its transaction
commits the version goes up, and every fragment cached under the old number
is simply never read again. Per-visitor parts (the mini cart, CSRF tokens,
messages) are never cached here.
"""

import hashlib

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import CatalogueVersion

FRAGMENT_TIMEOUT = 60 * 60 * 24
_REQUEST_ATTR = "_catalogue_version"


def catalogue_version(request=None) -> int:
    """Return the current catalogue version (read once per request)."""
    if request is not None and hasattr(request, _REQUEST_ATTR):
        return getattr(request, _REQUEST_ATTR)
    version = (
        CatalogueVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    ) or 0
    if request is not None:
        setattr(request, _REQUEST_ATTR, version)
    return version


def _bump():
    updated = CatalogueVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        CatalogueVersion.objects.bulk_create(
            [CatalogueVersion(pk=1, version=1)], ignore_conflicts=True
        )


def catalogue_changed() -> None:
    """Bump the catalogue version once the current transaction commits.

    However many rows a transaction changes (an import saves thousands), the
    version goes up once, after the commit: a worker that reads the new
    number also reads the new rows.
    """
    if any(func is _bump for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_bump)


def cached(request, name: str, *parts, compute):
    """Return what ``compute()`` gives for ``name`` and ``parts`` in this version.

    For rendered fragments and other catalogue reads the same for everyone
    (a list's count, its order); the value is computed on a miss only.
    """
    # Parts may hold anything a visitor typed: hashed, they make a safe key.
    digest = hashlib.md5("\n".join(map(str, parts)).encode()).hexdigest()
    key = f"catalogue:{catalogue_version(request)}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_TIMEOUT)
    return value


def anonymous_etag(request, *args, **kwargs) -> str | None:
    """Return an ETag for a catalogue page seen by a visitor without a session.

    Without a session there is no cart and no message, so the page depends
    only on the catalogue version, its address and the visitor's CSRF cookie
    (the token its forms carry). With a session there is no ETag.
    """
    from django.conf import settings

    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    parts = [
        str(catalogue_version(request)),
        request.get_full_path(),
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
    ]
    return hashlib.md5("\n".join(parts).encode()).hexdigest()

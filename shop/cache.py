"""The catalogue version, and rendered fragments cached under it.

Anything that changes what a catalogue page shows (a staff save, an import,
an order taking stock) calls ``catalogue_changed()``; after its transaction
commits the version goes up, and every fragment cached under the old number
is simply never read again. Per-visitor parts (the mini cart, CSRF tokens,
messages) are never cached here.
"""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .csrf import get_token
from .models import CatalogueVersion

FRAGMENT_TIMEOUT = 60 * 60 * 24
_MESSAGES_COOKIE = getattr(settings, "MESSAGE_COOKIE_NAME", "messages")
_REQUEST_ATTR = "_catalogue_version"
_VERSION_SQL = "SELECT {} FROM {} WHERE {} = 1".format(
    *map(connection.ops.quote_name, ("version", CatalogueVersion._meta.db_table, "id"))
)


def catalogue_version(request=None) -> int:
    """Return the current catalogue version (read once per request)."""
    if request is not None and hasattr(request, _REQUEST_ATTR):
        return getattr(request, _REQUEST_ATTR)
    # Every request runs this: plain SQL skips the ORM's query building,
    # which cost more than the query itself.
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    version = row[0] if row else 0
    if request is not None:
        setattr(request, _REQUEST_ATTR, version)
    return version


# The version as a column of another statement: a page that reads a row
# anyway (a product's stock) reads the version with it, one round trip fewer.
VERSION_COLUMN = "(SELECT {} FROM {} WHERE {} = 1)".format(
    *map(connection.ops.quote_name, ("version", CatalogueVersion._meta.db_table, "id"))
)


def note_version(request, version) -> None:
    """Take ``version`` (read by ``VERSION_COLUMN``) as this request's version,
    unless the request has read it already: one request keeps one version."""
    if request is not None and not hasattr(request, _REQUEST_ATTR):
        setattr(request, _REQUEST_ATTR, version or 0)


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


def _key(request, name, parts):
    # Parts may hold anything a visitor typed: hashed, they make a safe key.
    # The script prefix too: what is cached holds the shop's links, and a
    # shop mounted under a path draws its own.
    parts = (get_script_prefix(), *parts)
    digest = hashlib.md5("\n".join(map(str, parts)).encode()).hexdigest()
    return f"catalogue:{catalogue_version(request)}:{name}:{digest}"


def cached_or_none(request, name: str, *parts):
    """Return what is cached for ``name`` and ``parts`` in this version, or None."""
    return cache.get(_key(request, name, parts))


def store(request, name: str, *parts, value):
    cache.set(_key(request, name, parts), value, FRAGMENT_TIMEOUT)


def cached(request, name: str, *parts, compute):
    """Return what ``compute()`` gives for ``name`` and ``parts`` in this version.

    For rendered fragments and other catalogue reads the same for everyone
    (a list's count, its order); the value is computed on a miss only.
    """
    value = cached_or_none(request, name, *parts)
    if value is None:
        value = compute()
        store(request, name, *parts, value=value)
    return value


# Values kept in this process under the catalogue version, so that a hit
# costs no cache read and no unpickling. The version is read from the
# database on every request, so an entry of an older version is never read
# again on any worker. Shared by the process's threads: never changed once in.
KEPT_LIMIT = 512
_kept: dict = {}


def kept(request, name: str, *parts, compute):
    """Return ``cached(...)``'s value, kept in this process for this version.

    For catalogue reads worth more than a cache read (a product with its
    credits, unpickled on every request otherwise). Callers must not change
    what they get: other requests of this process share it.
    """
    key = (catalogue_version(request), name, *parts)
    value = _kept.get(key)
    if value is None:
        value = cached(request, name, *parts, compute=compute)
        if len(_kept) >= KEPT_LIMIT:
            _forget_oldest(key[0])
        _kept[key] = value
    return value


def _forget_oldest(version):
    old = [key for key in list(_kept) if key[0] != version]
    for key in old or list(_kept)[: KEPT_LIMIT // 2]:
        _kept.pop(key, None)


def forget_kept() -> None:
    """Forget what this process kept (tests: each starts again at version 0)."""
    _kept.clear()


def fragment(request, name: str, *parts, token, render) -> str:
    """Return the HTML ``render()`` gives for ``name`` and ``parts`` in this version.

    For a part of a page the same for everyone who shares ``parts`` (the
    caller's key must hold whatever else the part depends on, such as the
    buyer's prices). ``render`` is called on a miss with the CSRF token to
    write into forms: ``CSRF_PLACEHOLDER``, which ``token`` (the visitor's
    own, the one the rest of the page carries) replaces on the way out, so a
    cached form never carries another visitor's token.
    """
    [html] = fragments(
        request,
        name,
        [parts],
        token=token,
        render=lambda missing, placeholder: {0: render(placeholder)},
    )
    return html


def fragments(request, name: str, parts: list[tuple], *, token, render) -> list[str]:
    """Return the HTML of many fragments of one kind, read with one cache call.

    As ``fragment``, for a list of them (a page's product cards): ``parts``
    names each one; those not cached are rendered together by
    ``render(indexes, CSRF_PLACEHOLDER)``, which returns their HTML by
    index, and stored with one call.
    """
    keys = [_key(request, name, each) for each in parts]
    found = cache.get_many(keys)
    missing = [i for i, key in enumerate(keys) if key not in found]
    if missing:
        rendered = render(missing, CSRF_PLACEHOLDER)
        fresh = {keys[i]: rendered[i] for i in missing if i in rendered}
        cache.set_many(fresh, FRAGMENT_TIMEOUT)
        found |= fresh
    html = [found[key] for key in keys if key in found]
    if any(CSRF_PLACEHOLDER in each for each in html):
        html = [each.replace(CSRF_PLACEHOLDER, str(token)) for each in html]
    return html


def has_own_state(request) -> bool:
    """Say whether the visitor has a session (a cart, an account) or messages."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or _MESSAGES_COOKIE in cookies


def anonymous_etag(request, *args, **kwargs) -> str | None:
    """Return an ETag for a catalogue page seen by a visitor without a session.

    Without a session there is no cart and no message, so the page depends
    only on the catalogue version, its address and the visitor's CSRF cookie
    (the token its forms carry). With a session there is no ETag.
    """
    if has_own_state(request):
        return None
    parts = [
        str(catalogue_version(request)),
        request.get_full_path(),
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
    ]
    return hashlib.md5("\n".join(parts).encode()).hexdigest()


# Stands in a cached page for the visitor's own CSRF token.
CSRF_PLACEHOLDER = "__csrf_token_of_this_visitor__"
_FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def anonymous_page(view):
    """Serve a catalogue page from the cache to visitors without a session.

    Such a visitor has no cart, no messages and no account, so the page is
    the same for all of them but for the CSRF token in its forms: it is
    cached with a placeholder, and each visitor gets their own token put in.
    Visitors with a session always get a page rendered for them.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or has_own_state(request):
            return view(request, *args, **kwargs)
        page = cached_or_none(request, "page", request.get_full_path())
        if page is not None:
            content_type, body = page
            token = get_token(request) if CSRF_PLACEHOLDER in body else ""
            response = HttpResponse(
                body.replace(CSRF_PLACEHOLDER, token), content_type=content_type
            )
        else:
            response = view(request, *args, **kwargs)
            if _cacheable(request, response):
                body = response.content.decode()
                found = _FORM_TOKEN.search(body)
                if found:
                    body = body.replace(found.group(1), CSRF_PLACEHOLDER)
                store(
                    request,
                    "page",
                    request.get_full_path(),
                    value=(response["Content-Type"], body),
                )
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def _cacheable(request, response):
    if hasattr(response, "render"):
        response.render()  # a TemplateResponse, drawn now to be kept
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.modified)
    )

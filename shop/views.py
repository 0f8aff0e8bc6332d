"""The shop's own error pages: 404, 500, a refused form (403), a form-only
address opened directly (405, see ``middleware``) and a locked-out login (429)."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.static import serve


@requires_csrf_token
def page_not_found(request, exception):
    """The 404 page, with the shop's header (handler404)."""
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page (handler500)."""
    # Rendered without the request, so no context processor runs: the
    # database (or the session) may be what failed. The request id lets a
    # shopper's report be matched to the logged error.
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def csrf_failure(request, reason=""):
    """Explain a refused form in the shop's own words (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


def media(request, path):
    """Serve an uploaded file from MEDIA_ROOT, cacheable for a year.

    Used when ``SERVE_MEDIA`` is on and no web server serves the folder;
    a file never changes under its name (see ``MEDIA_CACHE_CONTROL``).
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = settings.MEDIA_CACHE_CONTROL
    return response


def login_locked_out(request, original_response=None, credentials=None):
    """Say that sign-in is locked, for how long, and how staff unlock it.

    django-axes calls this (AXES_LOCKOUT_CALLABLE) for any login it refuses.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "429_locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


def client_ip(request):
    """Return the client's address, as seen by the nearest trusted proxy.

    Each proxy appends the address it was connected from to X-Forwarded-For,
    so with SHOP_PROXY_COUNT proxies the client is that many from the right;
    anything further left was written by the client and is not trusted.
    """
    count = settings.SHOP_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if count and len(hops) >= count:
        return hops[-count]
    return request.META.get("REMOTE_ADDR")


# django-axes keeps the tried username in a 255-character column; PostgreSQL
# refuses a longer one (a 500), so longer names are recorded cut to that.
AXES_USERNAME_LENGTH = 255


def login_username(request, credentials=None):
    """Return the username a login tried, as django-axes records and locks it."""
    source = credentials or getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD) or ""
    return str(username)[:AXES_USERNAME_LENGTH] or None


def bench_bare(request):
    """Answer as cheaply as Django can: the yardstick of ``bench/load.py``.

    Only routed when ``SHOP_BENCH_VIEWS`` is on, so a page's cost can be
    stated as a multiple of the stack's own cost in the same run.
    """
    return HttpResponse("ok", content_type="text/plain")

"""The shop's own error pages: 404, 500, a refused form (403) and a form-only
address opened directly (405, see ``middleware``)."""

from django.conf import settings
from django.http import HttpResponseServerError
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

from django.conf import settings
from django.shortcuts import render
from django.views.static import serve


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

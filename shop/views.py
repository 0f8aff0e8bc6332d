"""The shop's own error pages: 404, 500, a refused form (403) and a form-only
address opened directly (405, see ``middleware``)."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def page_not_found(request, exception):
    """The 404 page, with the shop's header (handler404)."""
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page (handler500)."""
    # Rendered without the request, so no context processor runs: the
    # database (or the session) may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """Explain a refused form in the shop's own words (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)

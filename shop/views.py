from django.http import HttpResponse
from django.shortcuts import render


def csrf_failure(request, reason=""):
    """Explain a refused form in the shop's own words (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


def bench_bare(request):
    """Answer as cheaply as Django can: the yardstick of ``bench/load.py``.

    Only routed when ``SHOP_BENCH_VIEWS`` is on, so a page's cost can be
    stated as a multiple of the stack's own cost in the same run.
    """
    return HttpResponse("ok", content_type="text/plain")

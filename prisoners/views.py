from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from . import services, throttle
from .forms import RequestForm
from .models import PrisonerRequest


@require_http_methods(["GET", "POST"])
def request_books(request):
    """A support group asks for books for a prisoner.

    **Template:** ``prisoners/request_form.html``; **context:** ``form``,
    ``throttled``. Bad input re-renders with messages (400); too many from one
    address in an hour, 429; the honeypot filled in, 400. Nothing is saved then.
    """
    form = RequestForm(request.POST or None)
    if request.method == "GET":
        return render(request, "prisoners/request_form.html", {"form": form})
    if throttle.is_over(request):
        response = render(
            request,
            "prisoners/request_form.html",
            {"form": form, "throttled": True},
            status=429,
        )
        response["Retry-After"] = str(throttle.WINDOW_SECONDS)
        return response
    throttle.count(request)
    if form.is_spam or not form.is_valid():
        if form.is_spam:
            form.add_error(
                None, "Please leave the last field, “Leave this empty”, empty."
            )
        return render(
            request, "prisoners/request_form.html", {"form": form}, status=400
        )
    made = services.submit_request(data=form.request_data())
    return redirect("prisoners:thanks", reference=made.reference)


@require_GET
def thanks(request, reference):
    """Say the request is in the queue. **Template:** ``prisoners/thanks.html``."""
    made = get_object_or_404(
        PrisonerRequest.objects.only("reference"), reference=reference
    )
    return render(request, "prisoners/thanks.html", {"reference": made.reference})

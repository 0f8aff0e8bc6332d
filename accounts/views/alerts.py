"""“Email me when it’s back”: sign-up from a product page, confirm, unsubscribe."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from catalog.models import Product

from .. import alerts, selectors
from ..forms import GuestAlertForm
from ..models import StockAlert
from .account import customer_required


def _product(value):
    try:
        return Product.objects.published().get(pk=int(value))
    except (TypeError, ValueError, OverflowError, Product.DoesNotExist):
        return None


@require_POST
def subscribe(request):
    """Start an alert: one click when signed in, else an email to confirm."""
    product = _product(request.POST.get("product"))
    if product is None:
        return render(
            request,
            "accounts/problem.html",
            {"problem": "That product is not for sale."},
            status=404,
        )
    signed_in = request.user.is_authenticated
    form = None if signed_in else GuestAlertForm(request.POST)
    if form is not None and not form.is_valid():
        return _refused(request, product, form=form)
    try:
        if signed_in:
            customer = selectors.customer_for(request.user)
            started = alerts.subscribe_customer(product=product, customer=customer)
            text = (
                f"We will email {request.user.email} when “{product.title}” is back."
                if started
                else f"You are already waiting for “{product.title}”."
            )
            messages.success(request, text)
            return redirect(product)
        alerts.subscribe_guest(product=product, email=form.cleaned_data["email"])
    except alerts.AlertError as error:
        return _refused(request, product, problem=str(error))
    return render(
        request,
        "accounts/alert_check_email.html",
        {"product": product, "email": form.cleaned_data["email"]},
    )


def _refused(request, product, *, form=None, problem=""):
    return render(
        request,
        "accounts/alert_refused.html",
        {"product": product, "form": form, "problem": problem},
        status=400,
    )


def _alert_or_404(token):
    try:
        return selectors.alert_for_token(token)
    except StockAlert.DoesNotExist:
        return None


@require_GET
def confirm(request, token):
    alert = _alert_or_404(token)
    if alert is None or alert.status not in StockAlert.ACTIVE:
        return render(request, "accounts/link_expired.html", status=400)
    alerts.confirm(alert=alert)
    return render(request, "accounts/alert_confirmed.html", {"alert": alert})


@require_http_methods(["GET", "POST"])
@csrf_exempt  # the secret token is the proof; mail programs POST without a form
def unsubscribe(request, token):
    """GET shows one button; POST (it, or a mail program's one click) unsubscribes."""
    alert = _alert_or_404(token)
    if alert is None:
        return render(request, "accounts/link_expired.html", status=404)
    if request.method == "POST":
        ended = alerts.unsubscribe(alert=alert)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed", content_type="text/plain")
        return render(
            request, "accounts/unsubscribed.html", {"alert": alert, "ended": ended}
        )
    return render(request, "accounts/unsubscribe.html", {"alert": alert})


@require_GET
@customer_required
def my_alerts(request):
    return render(
        request,
        "accounts/alerts.html",
        {"alerts": list(selectors.alerts_of(request.customer))},
    )


@require_POST
@customer_required
def cancel(request, pk):
    alert = get_object_or_404(selectors.alerts_of(request.customer), pk=pk)
    alerts.cancel(alert=alert, customer=request.customer)
    messages.success(request, f"Alert for “{alert.product.title}” cancelled.")
    return redirect("accounts:alerts")

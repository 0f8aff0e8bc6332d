"""Your data: download it as JSON, or close the account."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .. import data
from ..forms import PasswordCheckForm
from .account import customer_required


@require_GET
@customer_required
def your_data(request):
    form = PasswordCheckForm(user=request.user)
    return render(request, "accounts/your_data.html", {"form": form})


@require_GET
@customer_required
def download(request):
    body = json.dumps(data.export(user=request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@customer_required
def delete(request):
    """Close the account once the password is entered again."""
    if request.method != "POST":
        return redirect("accounts:data")
    form = PasswordCheckForm(request.POST, user=request.user, request=request)
    if not form.is_valid():
        return render(request, "accounts/your_data.html", {"form": form}, status=400)
    kept = data.delete_account(request=request, user=request.user)
    messages.success(
        request,
        "Your account is deleted and you are signed out. "
        + (
            f"We keep {kept} order{'s' if kept != 1 else ''} for our accounts, "
            "without your name, email or address."
            if kept
            else ""
        ),
    )
    return redirect("catalog:home")

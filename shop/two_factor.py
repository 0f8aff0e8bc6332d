"""Setting up an authenticator app for staff two-factor sign-in (django-otp).

Any staff member can set one up at /admin/two-factor/; with
``STAFF_REQUIRE_2FA`` on, the admin sends whoever has no confirmed app there
before any other admin page (``StaffAdminSite.admin_view``). The page shows a
QR code and the same secret as text, and the app is confirmed only by a code
it has made, so nobody ends up with an app that cannot sign them in.
"""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"
WRONG_CODE = (
    "That code is wrong or has expired: enter the code your authenticator app "
    "shows now."
)
# Pages a staff member still due to set up an app may see (by URL name).
ALLOWED_BEFORE_ENROLMENT = {"two_factor", "logout", "jsi18n"}


def enrolment_required(request) -> bool:
    """Say whether this staff member must set up an app before using admin."""
    return settings.STAFF_REQUIRE_2FA and not user_has_device(request.user)


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        help_text="The 6 digits the app shows for this shop now.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].replace(" ", "")
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                "Too many wrong codes in a row: wait a minute, then enter the "
                "code your authenticator app shows then."
            )
        if not self.device.verify_token(token):
            raise forms.ValidationError(WRONG_CODE)
        return token


def _pending_device(user):
    # One app being set up at a time: reloading the page shows the same secret.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def enrol(request, admin_site):
    """Set up an authenticator app: scan or type the secret, give a code.

    Template: ``admin/two_factor.html``; context: ``form``, ``qr_code`` (an
    SVG data URI), ``secret`` (base32, in groups of four), ``required``,
    ``next``.
    """
    if user_has_device(request.user):
        messages.info(request, "You have already set up an authenticator app.")
        return redirect(_next_url(request))
    device = _pending_device(request.user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(
            request,
            "Your authenticator app is set up: from now on, sign in with your "
            "password and the code it shows.",
        )
        return redirect(_next_url(request))
    context = admin_site.each_context(request) | {
        "title": "Set up two-factor sign-in",
        "form": form,
        # Black on white whatever the admin's colour theme: apps need contrast.
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(
            scale=4, dark="black", light="white"
        ),
        "secret": _grouped(b32encode(device.bin_key).decode().rstrip("=")),
        "required": settings.STAFF_REQUIRE_2FA,
        # Its links would all lead back here until the app is set up.
        "is_nav_sidebar_enabled": not settings.STAFF_REQUIRE_2FA,
        "next": _next_url(request),
    }
    return TemplateResponse(request, "admin/two_factor.html", context)

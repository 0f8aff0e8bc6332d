"""The admin site, with optional two-factor sign-in for staff (django-otp).

A staff member who has a confirmed TOTP device (added under Admin › TOTP
devices and scanned into an authenticator app) gives its current code with
the password; admin then serves them only in a session verified by that code,
so a session opened with the password alone (say on the shop's own sign-in
page) is sent back to the admin sign-in. The one exception is the session in
which the device was added, so its QR code can be scanned: any sign-in after
that needs the code. Staff without a device sign in with their password as
before. Wrong passwords still count
towards django-axes' lockout; wrong codes slow down per device (django-otp's
throttling doubles the wait after each).

With ``STAFF_REQUIRE_2FA`` on, a staff member (superusers too) without a
confirmed app is sent to set one up (shop/two_factor.py) from every admin
page but sign-out, and signs in with its code from then on.
"""

from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django_otp import devices_for_user, user_has_device
from django_otp.admin import OTPAdminAuthenticationForm

from . import two_factor


class StaffLoginForm(OTPAdminAuthenticationForm):
    """Username, password, and the app's code for staff who have a device."""

    otp_error_messages = OTPAdminAuthenticationForm.otp_error_messages | {
        "token_required": "Enter the 6-digit code from your authenticator app.",
        "invalid_token": "That code is wrong or has expired: enter the code "
        "your authenticator app shows now.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].label = "Code from your authenticator app"
        self.fields["otp_token"].help_text = (
            "If you have not set one up yet, leave this empty: you will be "
            "asked to set one up next."
            if settings.STAFF_REQUIRE_2FA
            else "Only if you have set one up for this shop; leave empty otherwise."
        )
        self.fields["otp_token"].widget.attrs.update(
            autocomplete="one-time-code", inputmode="numeric"
        )

    def _chosen_device(self, user):
        # One app is the usual case: use it without asking which. With
        # several, the form lists them (``_update_form``) and one is chosen.
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True))
            if len(devices) == 1:
                device = devices[0]
        return device

    def clean(self):
        self.cleaned_data = AdminAuthenticationForm.clean(self)
        user = self.get_user()
        if user is not None and user_has_device(user):
            self.clean_otp(user)
        return self.cleaned_data


class StaffAdminSite(admin.AdminSite):
    login_form = StaffLoginForm
    login_template = "admin/staff_login.html"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        user = request.user
        if user.is_verified():
            return True
        # Unverified: fine only if every app was added since the last sign-in,
        # so a staff member can scan the code of the app they just added.
        since = user.last_login
        return all(
            since is not None and device.created_at and device.created_at > since
            for device in devices_for_user(user, confirmed=True)
        )

    def get_urls(self):
        return [
            path(
                "two-factor/",
                self.admin_view(self.two_factor_view),
                name="two_factor",
            ),
            *super().get_urls(),
        ]

    def two_factor_view(self, request):
        return two_factor.enrol(request, self)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def enrolled_first(request, *args, **kwargs):
            match = request.resolver_match
            # Cheapest first: with the setting off, nothing more is looked up.
            if (
                settings.STAFF_REQUIRE_2FA
                and match is not None
                and match.url_name not in two_factor.ALLOWED_BEFORE_ENROLMENT
                and self.has_permission(request)
                and two_factor.enrolment_required(request)
            ):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('admin:two_factor')}?{query}")
            return inner(request, *args, **kwargs)

        # Keep what Django's admin_view marks on the view (csrf, cache).
        enrolled_first.__dict__.update(inner.__dict__)
        return enrolled_first

from django import forms
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse

from cart.countries import COUNTRIES

from . import emails, services
from .models import Address, normalise_email

User = get_user_model()

PASSWORD_HELP = (
    "At least 8 characters, not only numbers, not a common password and not "
    "like your email address."
)


def _password_field(label="Password", autocomplete="new-password"):
    return forms.CharField(
        label=label,
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        help_text=PASSWORD_HELP if autocomplete == "new-password" else "",
    )


class NewPasswordMixin:
    """Check a chosen password with the shop's validators, as a would-be user."""

    def clean_password(self):
        password = self.cleaned_data["password"]
        email = normalise_email(
            self.cleaned_data.get("email") or getattr(self, "email_address", "")
        )
        password_validation.validate_password(
            password, User(username=email, email=email)
        )
        return password


class SignUpForm(NewPasswordMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = _password_field()


class SaveDetailsForm(NewPasswordMixin, forms.Form):
    """One step after a guest order: choose a password for the order's email."""

    password = _password_field("Choose a password")

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email_address = email


class SignInForm(AuthenticationForm):
    """Sign in with an email address; a customer must have confirmed it first."""

    error_messages = {
        "invalid_login": (
            "That email address and password do not match an account. Check "
            "them, or choose a new password with “Forgotten your password?”."
        ),
        "inactive": "This account is closed.",
        "unverified": (
            "Please confirm your email address first: we have emailed you a new link."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].max_length = 150
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "email", "type": "email"}
        )

    def clean_username(self):
        # AuthenticationForm sets max_length without its validator; a longer
        # value must stop here, before authenticate() records it (django-axes
        # stores at most 255 characters).
        username = normalise_email(self.cleaned_data["username"])
        if len(username) > 150:
            raise forms.ValidationError(
                "An email address has at most 150 characters.", code="max_length"
            )
        return username

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        customer = getattr(user, "customer", None)
        if customer is not None and not customer.is_verified:
            services.resend_verification(user=user)
            raise forms.ValidationError(
                self.error_messages["unverified"], code="unverified"
            )


class PasswordCheckForm(forms.Form):
    """Re-enter the password before something that cannot be undone."""

    password = _password_field("Your password", autocomplete="current-password")

    def __init__(self, *args, user, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through authenticate(), so the sign-in throttle counts wrong guesses.
        if (
            authenticate(self.request, username=self.user.username, password=password)
            is None
        ):
            raise forms.ValidationError("That is not your password.", code="wrong")
        return password


class VerifyForm(PasswordCheckForm):
    """The emailed link, plus the password chosen at sign-up."""


class EmailChangeForm(PasswordCheckForm):
    new_email = forms.EmailField(
        label="New email address",
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["new_email", "password"]

    def clean_new_email(self):
        email = normalise_email(self.cleaned_data["new_email"])
        if email == self.user.email:
            raise forms.ValidationError("That is already your email address.")
        return email


class ShopPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending through the shop's email queue."""

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def send_mail(self, subject_template_name, email_template_name, context, *a, **k):
        path = reverse(
            "accounts:password_reset_confirm", args=[context["uid"], context["token"]]
        )
        emails.password_reset(
            to=context["email"], link=emails.absolute(path), user=context.get("user")
        )


class AddressForm(forms.ModelForm):
    country = forms.ChoiceField(label="Country")

    class Meta:
        model = Address
        fields = [
            "name",
            "line1",
            "line2",
            "city",
            "region",
            "postcode",
            "country",
            "is_default",
        ]
        labels = {"name": "Full name", "is_default": "Make this my default address"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = sorted(
            COUNTRIES.items(), key=lambda item: item[1]
        )
        for name, hint in [
            ("name", "name"),
            ("line1", "address-line1"),
            ("line2", "address-line2"),
            ("city", "address-level2"),
            ("region", "address-level1"),
            ("postcode", "postal-code"),
            ("country", "country"),
        ]:
            self.fields[name].widget.attrs["autocomplete"] = hint


class GuestAlertForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

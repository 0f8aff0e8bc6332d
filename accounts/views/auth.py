"""Sign up, confirm, sign in and out, passwords and email: Django's auth views
and forms, answered in the shop's words.

No page here says whether an email address has an account: sign-up, the
password reset and the change of email give the same answer either way and
tell the owner of the address by email.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from checkout.models import Order

from .. import selectors, services, throttle
from ..forms import (
    EmailChangeForm,
    SaveDetailsForm,
    ShopPasswordResetForm,
    SignInForm,
    SignUpForm,
    VerifyForm,
)
from ..models import normalise_email
from ..tokens import email_tokens, user_pk_from

User = get_user_model()


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "You are signed in.")
        return response


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("catalog:home")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You are signed out.")
        return response


def _check_your_email(request, email, *, status=200):
    context = {"email": normalise_email(email)}
    return render(request, "accounts/check_email.html", context, status=status)


def _too_many(request, refusal):
    """Refuse a request over a ``throttle`` limit: 429, and when to try again."""
    response = render(
        request, "accounts/too_many.html", {"refusal": refusal}, status=429
    )
    response["Retry-After"] = str(refusal.retry_after)
    return response


def sign_up(request):
    if request.user.is_authenticated:
        return redirect("accounts:overview")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            refusal = throttle.check(request, email=form.cleaned_data["email"])
            if refusal:
                return _too_many(request, refusal)
            services.sign_up(**form.cleaned_data)
            return _check_your_email(request, form.cleaned_data["email"])
        return render(request, "accounts/sign_up.html", {"form": form}, status=400)
    return render(request, "accounts/sign_up.html", {"form": form})


def save_details(request, token):
    """After a guest order: one step, choose a password for the order's email."""
    order = Order.objects.filter(token=str(token)[:64]).first()
    if order is None:
        return render(request, "404.html", status=404)
    if request.user.is_authenticated:
        return redirect("accounts:overview")
    form = SaveDetailsForm(request.POST or None, email=order.email)
    if request.method == "POST":
        if form.is_valid():
            refusal = throttle.check(request, email=order.email)
            if refusal:
                return _too_many(request, refusal)
            services.sign_up(email=order.email, password=form.cleaned_data["password"])
            return _check_your_email(request, order.email)
        status = 400
    else:
        status = 200
    context = {"form": form, "order": order}
    return render(request, "accounts/save_details.html", context, status=status)


def _user_for_link(uidb64, token):
    pk = user_pk_from(uidb64)
    user = User.objects.select_related("customer").filter(pk=pk).first() if pk else None
    if user is None or not hasattr(user, "customer"):
        return None
    return user if email_tokens.check_token(user, token) else None


def _dead_link(request):
    return render(request, "accounts/link_expired.html", status=400)


def verify(request, uidb64, token):
    """The sign-up link: enter the password chosen to confirm the address.

    Asking for the password means a stranger who signed up with somebody
    else's address cannot have that person confirm an account the stranger
    can open.
    """
    user = _user_for_link(uidb64, token)
    if user is None:
        return _dead_link(request)
    form = VerifyForm(request.POST or None, user=user, request=request)
    if request.method == "POST":
        if form.is_valid():
            linked = services.verify(user=user)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            text = "Thank you: your email address is confirmed and you are signed in."
            if linked == 1:
                text += " Your earlier order now appears in My account."
            elif linked:
                text += f" Your {linked} earlier orders now appear in My account."
            messages.success(request, text)
            return redirect("accounts:overview")
        status = 400
    else:
        status = 200
    context = {"form": form, "email": user.email}
    return render(request, "accounts/verify.html", context, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = ShopPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form):
        refusal = throttle.check(self.request, email=form.cleaned_data["email"])
        if refusal:
            return _too_many(self.request, refusal)
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("accounts:overview")

    def form_valid(self, form):
        # The link reached the address, which confirms it as a sign-up would.
        if hasattr(form.user, "customer"):
            services.verify(user=form.user)
        response = super().form_valid(form)
        messages.success(
            self.request, "Your new password is set and you are signed in."
        )
        return response

    def render_to_response(self, context, **kwargs):
        if not context.get("validlink"):
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:overview")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password is changed.")
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


@login_required
def email_change(request):
    customer = selectors.customer_for(request.user)
    form = EmailChangeForm(request.POST or None, user=request.user, request=request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            new_email = form.cleaned_data["new_email"]
            refusal = throttle.check(request, email=new_email)
            if refusal:
                return _too_many(request, refusal)
            services.request_email_change(user=request.user, new_email=new_email)
            return _check_your_email(request, new_email)
        status = 400
    context = {"form": form, "customer": customer}
    return render(request, "accounts/email_change.html", context, status=status)


@require_GET
def email_confirm(request, uidb64, token):
    """The link sent to a new address: it becomes the account's email."""
    user = _user_for_link(uidb64, token)
    if user is None or not user.customer.pending_email:
        return _dead_link(request)
    try:
        services.confirm_email_change(user=user)
    except services.AccountError as error:
        return render(
            request, "accounts/problem.html", {"problem": str(error)}, status=409
        )
    messages.success(request, f"Your email address is now {user.email}.")
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("accounts:overview")
    return redirect("accounts:sign_in")

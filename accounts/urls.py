from django.urls import path, register_converter

from .views import account, alerts, auth, data


class TokenConverter:
    """The URL-safe secrets in links; anything else is a 404 before a query."""

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")

app_name = "accounts"

urlpatterns = [
    path("", account.overview, name="overview"),
    path("sign-in/", auth.SignInView.as_view(), name="sign_in"),
    path("sign-out/", auth.SignOutView.as_view(), name="sign_out"),
    path("sign-up/", auth.sign_up, name="sign_up"),
    path("save/<token:token>/", auth.save_details, name="save_details"),
    path("verify/<token:uidb64>/<token:token>/", auth.verify, name="verify"),
    path(
        "password/forgotten/", auth.PasswordResetView.as_view(), name="password_reset"
    ),
    path(
        "password/forgotten/sent/",
        auth.PasswordResetSentView.as_view(),
        name="password_reset_sent",
    ),
    path(
        "password/reset/<token:uidb64>/<token:token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("email/", auth.email_change, name="email_change"),
    path(
        "email/confirm/<token:uidb64>/<token:token>/",
        auth.email_confirm,
        name="email_confirm",
    ),
    path("orders/<str:number>/", account.order_detail, name="order"),
    path("orders/<str:number>/buy-again/", account.buy_again, name="buy_again"),
    path("addresses/", account.addresses, name="addresses"),
    path("addresses/new/", account.address_form, name="address_new"),
    path("addresses/<int:pk>/", account.address_form, name="address_edit"),
    path(
        "addresses/<int:pk>/default/", account.address_default, name="address_default"
    ),
    path("addresses/<int:pk>/delete/", account.address_delete, name="address_delete"),
    path("alerts/", alerts.my_alerts, name="alerts"),
    path("alerts/new/", alerts.subscribe, name="alert_new"),
    path("alerts/<int:pk>/cancel/", alerts.cancel, name="alert_cancel"),
    path("alerts/confirm/<token:token>/", alerts.confirm, name="alert_confirm"),
    path(
        "alerts/unsubscribe/<token:token>/",
        alerts.unsubscribe,
        name="alert_unsubscribe",
    ),
    path("data/", data.your_data, name="data"),
    path("data/download/", data.download, name="data_download"),
    path("delete/", data.delete, name="delete"),
]

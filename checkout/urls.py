from django.urls import path

from . import views

app_name = "checkout"

urlpatterns = [
    path("", views.start, name="start"),
    path("details/", views.details, name="details"),
    path("review/", views.review_page, name="review"),
    path("place/", views.place, name="place"),
    path("terms/", views.terms, name="terms"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("order/<str:token>/", views.order_detail, name="order"),
    path("order/<str:token>/pay/", views.order_pay, name="order_pay"),
    path("order/<str:token>/paid/", views.order_paid, name="order_paid"),
    path("order/<str:token>/cancelled/", views.order_cancelled, name="order_cancelled"),
]

from django.urls import path

from . import views

app_name = "migrate_prestashop"

urlpatterns = [
    path("", views.past_orders, name="past_orders"),
]

from django.urls import path

from . import views

app_name = "trade"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.apply, name="apply"),
    path("quick-order/", views.quick_order, name="quick_order"),
]

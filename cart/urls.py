from django.urls import path

from . import views

app_name = "cart"

urlpatterns = [
    path("", views.cart_detail, name="detail"),
    path("add/", views.add, name="add"),
    path("remove/", views.remove, name="remove"),
    path("update/", views.update, name="update"),
    path("destination/", views.destination, name="destination"),
]

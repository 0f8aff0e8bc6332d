from django.urls import path

from . import views

app_name = "cart"

urlpatterns = [
    path("", views.cart_detail, name="detail"),
    path("add/", views.add, name="add"),
    path("remove/", views.remove, name="remove"),
    path("update/", views.update, name="update"),
    path("destination/", views.destination, name="destination"),
    path("code/", views.apply_code, name="code"),
    path("price/", views.choose_price, name="price"),
    path("code/remove/", views.remove_code, name="remove_code"),
]

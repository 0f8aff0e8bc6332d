from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("products/<int:pk>-<str:slug>/", views.product_detail, name="product"),
    path("new-products/", views.new_products, name="new_products"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("publisher/<slug:slug>/", views.publisher, name="publisher"),
    path("contributor/<slug:slug>/", views.contributor, name="contributor"),
    path("search/", views.search, name="search"),
]

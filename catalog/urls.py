from django.urls import path

from . import sitemaps, views
from .feeds import NewProductsFeed

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("products/<int:pk>-<str:slug>/", views.product_detail, name="product"),
    path("new-products/", views.new_products, name="new_products"),
    path("new-products/feed/", NewProductsFeed(), name="new_products_feed"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("publisher/<slug:slug>/", views.publisher, name="publisher"),
    path("contributor/<slug:slug>/", views.contributor, name="contributor"),
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
]

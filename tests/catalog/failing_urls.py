"""A URLconf for tests: the shop's own, plus a page that always fails."""

from django.urls import path

from shop.urls import handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("the database fell over")


urlpatterns = [path("broken/", broken), *urlpatterns]

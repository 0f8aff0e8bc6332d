from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("cart/", include("cart.urls")),
    path("checkout/", include("checkout.urls")),
    path("account/earlier-orders/", include("migrate_prestashop.urls")),
    path("account/", include("accounts.urls")),
    path("trade/", include("trade.urls")),
    path("pages/", include("migrate_prestashop.page_urls")),
    path("books-for-prisoners/", include("prisoners.urls")),
    path("", include("catalog.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", views.media),
    ]

if settings.SHOP_BENCH_VIEWS:
    urlpatterns.insert(0, path("bench/bare/", views.bench_bare))

handler404 = "shop.views.page_not_found"
handler500 = "shop.views.server_error"

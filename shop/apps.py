from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        from . import request_log

        # Here, not in the middleware: the email worker loads no middleware.
        request_log.bind_task_request_ids()


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the shop's site (``admin_site``): staff two-factor."""

    default = False  # named in INSTALLED_APPS; "shop" itself is ShopConfig
    default_site = "shop.admin_site.StaffAdminSite"

from django.apps import AppConfig


class MigratePrestashopConfig(AppConfig):
    name = "migrate_prestashop"
    verbose_name = "Move from PrestaShop"

    def ready(self):
        from catalog.sitemaps import register

        from . import signals, version_receivers  # noqa: F401
        from .sitemaps import PageSitemap

        register("pages", PageSitemap)

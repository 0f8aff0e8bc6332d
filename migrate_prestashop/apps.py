from django.apps import AppConfig


class MigratePrestashopConfig(AppConfig):
    name = "migrate_prestashop"
    verbose_name = "Move from PrestaShop"

    def ready(self):
        from . import signals  # noqa: F401

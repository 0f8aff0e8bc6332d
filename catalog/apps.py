from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self):
        from . import search_receivers  # noqa: F401  (keeps search documents in step)

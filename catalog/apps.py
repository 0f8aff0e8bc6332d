from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self):
        # Receivers that keep search documents and the catalogue version in step.
        from . import search_receivers, version_receivers  # noqa: F401

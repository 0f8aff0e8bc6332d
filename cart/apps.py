from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "cart"

    def ready(self):
        # The login receiver, and postage edits bumping the catalogue version.
        from . import signals, version_receivers  # noqa: F401

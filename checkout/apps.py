from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "checkout"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks

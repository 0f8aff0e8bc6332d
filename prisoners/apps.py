from django.apps import AppConfig


class PrisonersConfig(AppConfig):
    name = "prisoners"
    verbose_name = "books for prisoners"

    def ready(self):
        from . import receivers  # noqa: F401 (books bought for a prisoner)

from django.apps import AppConfig


class TradeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trade"
    verbose_name = "trade"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "customers"

    def ready(self):
        from checkout import prefill

        from . import selectors, signals  # noqa: F401  (connects the receivers)

        prefill.register(selectors.saved_addresses_for_checkout)

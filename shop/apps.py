from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        from . import request_log

        # Here, not in the middleware: the email worker loads no middleware.
        request_log.bind_task_request_ids()

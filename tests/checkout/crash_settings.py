"""Settings for the processes the crash tests kill: tasks stored in the
database as in production, mail written to files the test can read, or sent
by SMTP to the test's own port when SHOP_TEST_SMTP_PORT is set."""

import os

from shop.test_settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if os.environ.get("SHOP_TEST_SMTP_PORT"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": int(os.environ["SHOP_TEST_SMTP_PORT"]),
                "timeout": 60,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": os.environ["SHOP_TEST_MAIL_DIR"]},
        }
    }

"""Settings for the test suite: production settings with test-only secrets."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "only-for-the-test-suite")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("SHOP_URL", "http://127.0.0.1:8000")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

# No collectstatic before tests: serve static files from the finders.
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="shop-test-media-")
# Tasks run in the test process after the commit (outbox: see its docstring);
# tests of the worker switch to the database backend and run it.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "migrate_prestashop.hashers.PrestaShop16PasswordHasher",
]
# Nothing is collected for tests; WhiteNoise would warn about the missing folder.
STATIC_ROOT = None

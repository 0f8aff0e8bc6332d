"""Settings for the shop, read from the environment with safe defaults.

Production differs from development only through environment variables (see
``.env.example``). Nothing secret has a default.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from . import media_storage, redis_cache

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def production_setting(name: str, example: str, why: str) -> str | None:
    """Read a setting a production server must be given; None when debugging.

    Missing, it stops the start-up (gunicorn, migrate, every manage.py
    command) with a message saying what to set, instead of a shop that
    prints its emails to a log or links them to 127.0.0.1.
    """
    value = env.str(name, default="")
    if not value and not DEBUG:
        raise ImproperlyConfigured(
            f"{name} is not set. Set it in the environment or .env, for "
            f"example {name}={example} ({why}). See .env.example and the "
            "README's 'Deploying' section; DJANGO_DEBUG=true for development."
        )
    return value or None


# No default in production: a server must never run with a known key.
SECRET_KEY = (
    production_setting(
        "DJANGO_SECRET_KEY",
        "$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')",
        "a long random secret that signs sessions",
    )
    or "insecure-development-key"
)

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, whose site asks staff with an authenticator app for its code.
    "shop.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Full-text search and trigram similarity on PostgreSQL; inert on SQLite.
    "django.contrib.postgres",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "shop",
    "outbox",
    "catalog",
    "discounts",
    "cart",
    "checkout",
    "prisoners",
    "accounts",
    "trade",
    "migrate_prestashop",
]

MIDDLEWARE = [
    # First, so the log line and its request id cover everything below,
    # and health checks answer before host checks and HTTPS redirects.
    "shop.request_log.RequestLogMiddleware",
    "shop.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a code from a TOTP device.
    "django_otp.middleware.OTPMiddleware",
    "trade.middleware.BuyerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cart.middleware.CartMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "shop.middleware.MethodNotAllowedPageMiddleware",
    # Only looks at 404s, turning old PrestaShop links into 301s.
    "migrate_prestashop.middleware.OldLinkFallbackMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]
CSRF_FAILURE_VIEW = "shop.views.csrf_failure"

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shop.context_processors.shop",
                "shop.context_processors.canonical",
                "cart.context_processors.cart",
                # After Django's own, whose csrf_token it replaces.
                "shop.context_processors.csrf",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE takes the write lock when a transaction starts, so
            # concurrent checkouts queue instead of failing "database is locked".
            "transaction_mode": "IMMEDIATE",
            # The busy timeout: how long (seconds) a writer waits for the lock.
            "timeout": env.float("SQLITE_BUSY_TIMEOUT", default=20),
            # On every connection: write-ahead logging, so shoppers reading
            # pages are never blocked by a writer (an import, a checkout), and
            # a sync at checkpoints only, which WAL keeps safe from corruption.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails a request (and /readyz) fast, not after
    # the operating system's minutes-long TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# Persistent connections: opening one costs more than most pages (PostgreSQL
# forks a backend for each). Health checks replace a connection the server
# dropped, instead of failing the request that finds it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# One cache shared by every server when REDIS_URL is set (redis://host:6379/0),
# where an outage reads as a miss; otherwise one per process.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = redis_cache.caches_setting(
    REDIS_URL, env.str("CACHE_KEY_PREFIX", default="shop")
)

LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:overview"
# Links in account emails (confirm, reset) work for three days.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24 * 3)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files never change under their name (a new cover gets a new name,
# and its thumbnail a name derived from it), so browsers may keep them a year.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"
# Covers go to an S3-compatible bucket when S3_BUCKET is set, so every server
# sees the same files (shop/media_storage.py); otherwise to MEDIA_ROOT.
STORAGES = {
    "default": media_storage.s3(env, MEDIA_CACHE_CONTROL)
    or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Where covers are served from, for the Content Security Policy's img-src.
MEDIA_ORIGINS = media_storage.origins(env, STORAGES["default"])
# Serve uploaded covers from the app server too; a bigger site puts a CDN or
# nginx in front of MEDIA_ROOT instead.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

SESSION_COOKIE_AGE = 60 * 60 * 24 * 60  # carts live 60 days
# Database sessions written once when new, read with plain SQL (shop/sessions.py).
SESSION_ENGINE = "shop.sessions"
# Messages ride in a signed cookie (the session only when too big), so a
# page that shows one does not write the session.
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# Security: strict by default, relaxed only for local development.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "form-action": [CSP.SELF, "https://checkout.stripe.com"],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # HSTS for a year once HTTPS is on: browsers then refuse plain HTTP to the
    # shop (and, with the defaults, its subdomains). Preloading also needs the
    # domain submitted at hstspreload.org; both can be turned off, which
    # silences the deploy check's warning about them as a decision taken.
    SECURE_HSTS_SECONDS = env.int(
        "DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365 if SECURE_SSL_REDIRECT else 0
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
    SILENCED_SYSTEM_CHECKS = [
        check
        for check, on in [
            ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
            ("security.W021", SECURE_HSTS_PRELOAD),
        ]
        if not on
    ]

# Email: SMTP through EMAIL_URL (smtp+tls://user:password@host:587), as
# Django 6.1's MAILERS; required in production, the console when debugging.
_email = env.email_url_config(
    production_setting(
        "EMAIL_URL",
        "smtp+tls://user:password@smtp.example.org:587",
        "the mail server that sends order emails",
    )
    or "consolemail://"
)
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            key: _email[name]
            for key, name in [
                ("host", "EMAIL_HOST"),
                ("port", "EMAIL_PORT"),
                ("username", "EMAIL_HOST_USER"),
                ("password", "EMAIL_HOST_PASSWORD"),
                ("use_tls", "EMAIL_USE_TLS"),
                ("use_ssl", "EMAIL_USE_SSL"),
            ]
            if _email.get(name) not in (None, "")
        }
        # A hung server must not hold an email's claim for long.
        | {"timeout": env.int("EMAIL_TIMEOUT", default=30)}
        if "smtp" in _email["EMAIL_BACKEND"]
        else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="shop@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (emails) are stored in the database with the change that
# makes them, and run by `manage.py db_worker` (django-tasks-db).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The outbox retries an email the mail server refused after 1, 2, 4 … minutes,
# at most an hour apart, then marks it failed for staff to send again.
OUTBOX_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=10)
OUTBOX_RETRY_SECONDS = env.int("EMAIL_RETRY_SECONDS", default=60)
OUTBOX_RETRY_MAX_SECONDS = 60 * 60
# An email still "sending" after this was interrupted (its worker died).
OUTBOX_CLAIM_TIMEOUT = timedelta(minutes=10)

# One line per request (shop.request_log) and every other record, each with
# the request id; LOG_FORMAT=json for machines, text for people.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "shop.request_log.RequestIdFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
        "json": {"()": "shop.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # The request lines are the access log: on whatever LOG_LEVEL says.
        "shop.requests": {"level": env.str("REQUEST_LOG_LEVEL", "INFO")},
    },
}

# The shop itself.
SHOP_NAME = env.str("SHOP_NAME", default="Radical Books")
SHOP_EMAIL = env.str("SHOP_EMAIL", default="orders@localhost")
SHOP_CURRENCY = "GBP"
NEW_PRODUCT_DAYS = env.int("NEW_PRODUCT_DAYS", default=20)
NEW_PRODUCTS_IN_BLOCK = env.int("NEW_PRODUCTS_IN_BLOCK", default=20)
PRODUCTS_PER_PAGE = env.int("PRODUCTS_PER_PAGE", default=24)
COVER_MAX_BYTES = env.int("COVER_MAX_BYTES", default=5 * 1024 * 1024)
COVER_MAX_PIXELS = env.int("COVER_MAX_PIXELS", default=25_000_000)

# bench/load.py's bare view (/bench/bare/), the yardstick for page costs;
# never on in production.
SHOP_BENCH_VIEWS = env.bool("SHOP_BENCH_VIEWS", default=False)

# Cart.
CART_LINE_LIMIT = env.int("CART_LINE_LIMIT", default=100)
CART_MAX_AGE_DAYS = env.int("CART_MAX_AGE_DAYS", default=60)
SHIPPING_DEFAULT_COUNTRY = env.str("SHIPPING_DEFAULT_COUNTRY", default="GB")

# Checkout and payment.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# How long an unpaid card order holds its stock: its Stripe session closes
# this long after the order (Stripe allows 31 minutes to 24 hours).
STRIPE_SESSION_MINUTES = env.int("STRIPE_SESSION_MINUTES", default=60)
OFFLINE_ORDER_DAYS = env.int("OFFLINE_ORDER_DAYS", default=14)
OFFLINE_REMINDER_DAYS = env.int("OFFLINE_REMINDER_DAYS", default=7)
BANK_TRANSFER_DETAILS = env.str(
    "BANK_TRANSFER_DETAILS",
    default="Account name: Radical Books Co-op · Sort code 00-00-00 · Account 00000000",
)
CHEQUE_DETAILS = env.str(
    "CHEQUE_DETAILS",
    default="Cheques payable to Radical Books Co-op, 1 Example Street, Bristol BS1 1AA",
)
# The shop's public address, for links in emails (sent outside any request).
SHOP_URL = (
    production_setting(
        "SHOP_URL",
        "https://shop.example.org",
        "the shop's public address, for the links in emails",
    )
    or "http://127.0.0.1:8000"
)

from .accounts_settings import *  # noqa: E402, F403 (docs/accounts.md)
from .login_settings import *  # noqa: E402, F403 (passwords, lockouts, two-factor)
from .prisoners_settings import *  # noqa: E402, F403 (docs/prisoners.md)
from .trade_settings import *  # noqa: E402, F403 (trade accounts, docs/trade.md)

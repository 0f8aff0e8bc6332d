"""Logins' settings: lockouts (django-axes), password hashing and rules, and
staff two-factor (django-otp), read from the environment after
``shop.settings`` has loaded ``.env``; kept apart so settings.py stays short."""

from datetime import timedelta

import environ

env = environ.Env()

# Logins: every authenticate() call (admin, and any sign-in page that passes
# the request) is checked by django-axes first. LOGIN_FAILURE_LIMIT wrong
# passwords for one account from one address lock that pair out for
# LOGIN_LOCKOUT_MINUTES; each try while locked starts the wait again, and a
# good login clears the count. Staff unlock under Admin › Access attempts or
# with `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "shop.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "shop.views.client_ip"
AXES_USERNAME_CALLABLE = "shop.views.login_username"
# Proxies (nginx, Caddy) before gunicorn appending to X-Forwarded-For; 0: none.
SHOP_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)

# Argon2id first; the others still check old hashes, which are upgraded to
# Argon2 at the user's next login. Imported PrestaShop 1.6 hashes come last.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "migrate_prestashop.hashers.PrestaShop16PasswordHasher",
]

_validators = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_validators}.{name}"}
    for name in [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
]

# Staff two-factor (django-otp): optional per staff member. Whoever has a TOTP
# device (Admin › TOTP devices, scanned into an authenticator app) must give
# its code to sign in to admin. The app names the shop as SHOP_NAME.
OTP_TOTP_ISSUER = env.str("SHOP_NAME", default="Radical Books")
# Make it compulsory: staff (superusers too) without a confirmed app are sent
# to set one up (/admin/two-factor/) before any other admin page. Off by
# default, so an upgrade never locks out whoever runs the shop.
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=False)

"""The visitor's CSRF token for a page, masked with one read of randomness.

Django masks the visitor's secret afresh for every response (BREACH), with a
mask drawn by ``get_random_string``: 32 calls of ``secrets.choice``, each a
read of the system's randomness, about 0.14 ms of CPU, a third of a bare
view, on every page that shows a form. ``get_token`` here draws the same
kind of mask (32 characters of ``CSRF_ALLOWED_CHARS``) from one read of 40
random bytes, and masks the secret the way Django does, so Django's
middleware checks it unchanged. Everything else is Django's: the secret in
``request.META`` that ``CsrfViewMiddleware`` read from the cookie (or the
session), the cookie's renewal, and a new secret for a visitor without one
(``django.middleware.csrf.get_token``).

``shop.context_processors.csrf`` gives templates this token as
``csrf_token``, in place of Django's built-in processor's.
"""

import os

from django.middleware import csrf

_CHARS = csrf.CSRF_ALLOWED_CHARS
_INDEX = {char: i for i, char in enumerate(_CHARS)}
# 320 random bits for 32 base-62 digits (190.5 bits): each digit's bias is
# below 2**-129.
_RANDOM_BYTES = 40


def get_token(request) -> str:
    """Return ``django.middleware.csrf.get_token(request)``'s equal, masked afresh."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(secret) != csrf.CSRF_SECRET_LENGTH:
        return csrf.get_token(request)  # a new secret, and its cookie
    try:
        token = mask(secret)
    except KeyError:  # not Django's alphabet (the middleware refuses such)
        return csrf.get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # renew the cookie, as Django
    return token


def mask(secret: str) -> str:
    """Return ``secret`` masked with a new random mask, the mask first."""
    number = int.from_bytes(os.urandom(_RANDOM_BYTES))
    size = len(_CHARS)
    mask_chars, cipher = [], []
    for char in secret:
        number, digit = divmod(number, size)
        mask_chars.append(_CHARS[digit])
        cipher.append(_CHARS[(_INDEX[char] + digit) % size])
    return "".join(mask_chars) + "".join(cipher)

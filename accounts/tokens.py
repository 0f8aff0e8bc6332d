"""Signed, expiring, single-use links for confirming an email address.

Built like Django's password reset tokens: the hash covers the account's
password, email, verification state and pending email, so a link dies once
used (the state it hashed has changed) or when a newer one is asked for.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode


class EmailTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.tokens.EmailTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        customer = user.customer
        return (
            f"{user.pk}{user.password}{user.email}{customer.verified_at}"
            f"{customer.pending_email}{timestamp}"
        )


email_tokens = EmailTokenGenerator()


def uid_for(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def user_pk_from(uidb64: str) -> int | None:
    try:
        return int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None

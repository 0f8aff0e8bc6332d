"""Accept PrestaShop 1.6 passwords, so imported customers sign in as before.

PrestaShop 1.6 stores ``md5(_COOKIE_KEY_ + password)``: one secret salt for the
whole shop, no per-user salt. The import writes ``ps16md5$<cookie key>$<hex>``,
the key in Django's salt slot, so no setting is needed to check it. The hasher
is listed after the shop's own: ``must_update`` is always true, and Django then
re-hashes the password with the first hasher on the customer's first sign-in.
"""

import hashlib
import re

from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.crypto import constant_time_compare

ALGORITHM = "ps16md5"
# PHP's trim() strips exactly these characters, no other whitespace.
PHP_TRIM = " \t\n\r\0\x0b"
_SLASHED = re.compile(r"\\(.?)", re.DOTALL)


def php_stripslashes(value: str) -> str:
    r"""Undo a backslash escape as PHP's ``stripslashes`` does (``\0`` is NUL)."""
    return _SLASHED.sub(lambda m: "\0" if m.group(1) == "0" else m.group(1), value)


def encoded_from_prestashop(cookie_key: str, passwd: str) -> str:
    """Return the Django form of an old ``customer.passwd`` value."""
    return f"{ALGORITHM}${cookie_key}${passwd.lower()}"


def looks_like_prestashop_hash(passwd: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F]{32}", passwd or ""))


class PrestaShop16PasswordHasher(BasePasswordHasher):
    algorithm = ALGORITHM

    def salt(self):
        # Only the import makes these hashes; Django never should.
        raise NotImplementedError("PrestaShop hashes are imported, never made.")

    def encode(self, password, salt):
        digest = hashlib.md5((salt + password).encode()).hexdigest()
        return f"{self.algorithm}${salt}${digest}"

    def decode(self, encoded):
        algorithm, salt, digest = encoded.split("$", 2)
        assert algorithm == self.algorithm
        return {"algorithm": algorithm, "hash": digest, "salt": salt}

    def verify(self, password, encoded):
        decoded = self.decode(encoded)
        # PrestaShop saw the password after stripslashes() (every request
        # value) and, at sign-in, trim(): try what the customer types, then
        # what PrestaShop would have hashed.
        unslashed = php_stripslashes(password)
        candidates = dict.fromkeys(
            [password, unslashed, unslashed.strip(PHP_TRIM), password.strip(PHP_TRIM)]
        )
        found = False
        for candidate in candidates:
            digest = self.encode(candidate, decoded["salt"]).split("$", 2)[2]
            found |= constant_time_compare(digest, decoded["hash"])
        return found

    def safe_summary(self, encoded):
        decoded = self.decode(encoded)
        return {
            "algorithm": decoded["algorithm"],
            "salt": mask_hash(decoded["salt"], show=2),
            "hash": mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded):
        return True

    def harden_runtime(self, password, encoded):
        pass

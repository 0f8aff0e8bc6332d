import hashlib

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher

from migrate_prestashop.hashers import encoded_from_prestashop, php_stripslashes

KEY = "aBcDeFgHiJkMnOpQrStUvWxYz0123456789aBcDeFgHiJkMnOpQrStU"


def stored(password):
    """What PrestaShop 1.6 put in customer.passwd."""
    return hashlib.md5((KEY + password).encode()).hexdigest()


def test_the_old_password_matches_its_prestashop_hash():
    encoded = encoded_from_prestashop(KEY, stored("red flag 1917"))
    assert check_password("red flag 1917", encoded)
    assert not check_password("red flag 1918", encoded)
    assert identify_hasher(encoded).algorithm == "ps16md5"


def test_a_hash_made_with_another_shops_cookie_key_does_not_match():
    encoded = encoded_from_prestashop("x" * 56, stored("red flag 1917"))
    assert not check_password("red flag 1917", encoded)


@pytest.mark.parametrize(
    ("typed", "hashed_by_prestashop"),
    [
        ("O\\'Brien", "O'Brien"),  # stripslashes() undid the escape
        ("  spaced out  ", "spaced out"),  # sign-in trim()med it
        ("back\\\\slash", "back\\slash"),
    ],
)
def test_passwords_prestashop_stripped_or_trimmed_still_match(
    typed, hashed_by_prestashop
):
    assert check_password(
        typed, encoded_from_prestashop(KEY, stored(hashed_by_prestashop))
    )


def test_php_stripslashes_reads_backslash_zero_as_nul():
    assert php_stripslashes("a\\0b\\\\c\\") == "a\0b\\c"


def test_old_hashes_ask_to_be_replaced():
    hasher = identify_hasher(encoded_from_prestashop(KEY, stored("x")))
    assert hasher.must_update(encoded_from_prestashop(KEY, stored("x")))

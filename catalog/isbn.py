"""ISBN checking: ISBN-10 or ISBN-13 in, ISBN-13 out."""

from django.core.exceptions import ValidationError


def _isbn13_check_digit(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def _isbn10_is_valid(isbn: str) -> bool:
    total = 0
    for i, char in enumerate(isbn):
        if char == "X" and i == 9:
            value = 10
        elif char.isdigit():
            value = int(char)
        else:
            return False
        total += value * (10 - i)
    return total % 11 == 0


def compact(value: str) -> str:
    """Strip hyphens and spaces, as people type ISBNs either way."""
    return "".join(value.split()).replace("-", "").upper()


def to_isbn13(value: str) -> str:
    """Return ``value`` (ISBN-10 or -13, hyphens allowed) as a checked ISBN-13.

    >>> to_isbn13("0-306-40615-2")
    '9780306406157'
    """
    isbn = compact(value)
    if len(isbn) == 10 and _isbn10_is_valid(isbn):
        first12 = "978" + isbn[:9]
        return first12 + _isbn13_check_digit(first12)
    if len(isbn) == 13 and isbn.isdigit() and isbn[:3] in ("978", "979"):
        if _isbn13_check_digit(isbn[:12]) == isbn[12]:
            return isbn
    raise ValidationError(
        "“%(value)s” is not a valid ISBN-10 or ISBN-13 (check the digits).",
        code="invalid_isbn",
        params={"value": value},
    )

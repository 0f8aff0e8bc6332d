"""Old product features to the shop's fields, through a mapping staff can adjust.

PrestaShop keeps book facts as "features" named by the merchant ("Author",
"Pages", "Binding"…). ``DEFAULT_FEATURES`` lists the usual names for each shop
field; ``--feature pages="Number of pages"`` on the command line, or a JSON
file of the same shape, replaces the names for one field.
"""

import json
import re

from catalog import isbn as isbn_rules
from catalog.models import Product

DEFAULT_FEATURES = {
    "author": ["Author", "Authors", "Writer", "Auteur", "Autor"],
    "pages": ["Pages", "Number of pages", "Page count", "Nombre de pages"],
    "format": ["Format", "Binding", "Type"],
    "year": ["Year", "Publication year", "Published", "Année"],
    "isbn": ["ISBN", "ISBN-13", "ISBN13"],
}

FORMAT_WORDS = [
    ("hardback", Product.Format.HARDBACK),
    ("hardcover", Product.Format.HARDBACK),
    ("hard cover", Product.Format.HARDBACK),
    ("paperback", Product.Format.BOOK),
    ("softcover", Product.Format.BOOK),
    ("book", Product.Format.BOOK),
    ("booklet", Product.Format.BOOKLET),
    ("pamphlet", Product.Format.PAMPHLET),
    ("zine", Product.Format.ZINE),
    ("magazine", Product.Format.MAGAZINE),
    ("journal", Product.Format.MAGAZINE),
    ("calendar", Product.Format.CALENDAR),
    ("poster", Product.Format.POSTER),
    ("badge", Product.Format.BADGE),
]
# One feature holds every author: "A; B", "A & B", "A, B", "A and B".
AUTHOR_SPLIT = re.compile(r"\s*(?:;|&|/|,|\band\b)\s*")


def load_mapping(path=None, overrides=()):
    """Return the mapping, from DEFAULT_FEATURES, a JSON file, then ``field=Name``."""
    mapping = {field: list(names) for field, names in DEFAULT_FEATURES.items()}
    if path:
        with open(path, encoding="utf-8") as handle:
            for field, names in json.load(handle).items():
                mapping[field] = [names] if isinstance(names, str) else list(names)
    for override in overrides:
        field, _, names = override.partition("=")
        if field not in DEFAULT_FEATURES or not names:
            raise ValueError(
                f"“{override}”: say field=Feature name, with field one of "
                + ", ".join(DEFAULT_FEATURES)
            )
        mapping[field] = [name.strip() for name in names.split("|")]
    return {
        name.casefold(): field for field, names in mapping.items() for name in names
    }


def product_facts(features, mapping):
    """Return ``({field: value}, [problems])`` from one product's features."""
    facts, problems = {}, []
    for name, value in features:
        field = mapping.get((name or "").strip().casefold())
        value = (value or "").strip()
        if not field or not value:
            continue
        if field == "author":
            names = [n.strip() for n in AUTHOR_SPLIT.split(value) if n.strip()]
            facts["authors"] = names
        elif field == "pages":
            digits = re.search(r"\d+", value)
            if digits:
                facts["page_count"] = int(digits.group())
            else:
                problems.append(f"pages “{value}” is not a number")
        elif field == "year":
            year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", value)
            if year:
                facts["year"] = int(year.group())
            else:
                problems.append(f"year “{value}” is not a year")
        elif field == "format":
            lowered = value.casefold()
            for word, choice in FORMAT_WORDS:
                if word in lowered:
                    facts["format"] = choice
                    break
            else:
                problems.append(f"format “{value}” matches none of the shop's formats")
        elif field == "isbn":
            facts["isbn"] = value
    return facts, problems


def isbn_from(*candidates) -> str:
    """Return the first candidate that is an ISBN, as ISBN-13, or ""."""
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return isbn_rules.to_isbn13(candidate)
        except Exception:
            continue
    return ""

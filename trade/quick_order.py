"""Quick order: lines of "ISBN or title, quantity" into one cart.

Each line is read on its own and answered on its own: found and added (maybe
fewer, when stock or the line limit stops it), matched to several titles,
not found, or a quantity that is not a whole number of 1 or more.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from cart import services as cart_services
from catalog import isbn as isbn_rules
from catalog.models import Product

MAX_LINES = 200
# "Mutual Aid, 3", "9780306406157 x 3", "Mutual Aid\t3", "Mutual Aid × 3".
QUANTITY_AT_END = re.compile(r"^(?P<query>.*?)[\s,;:x×*]+(?P<quantity>-?\d+)\s*$")


@dataclass(frozen=True)
class LineResult:
    text: str  # the line as typed
    message: str
    ok: bool
    added: int = 0


def parse(line: str) -> tuple[str, int | None]:
    """Return the query and quantity of one typed line (quantity 1 if none).

    A line that is only an ISBN keeps its digits: they are not a quantity.
    """
    line = line.strip()
    if _looks_like_isbn(line):
        return line, 1
    match = QUANTITY_AT_END.match(line)
    if match and match["query"].strip():
        return match["query"].strip(" ,;:"), int(match["quantity"])
    return line, 1


def _looks_like_isbn(text: str) -> bool:
    compact = isbn_rules.compact(text)
    return len(compact) in (10, 13) and compact[:-1].isdigit()


def find(query: str) -> tuple[Product | None, str]:
    """Return the published product ``query`` names, or None and why not."""
    products = Product.objects.published()
    if _looks_like_isbn(query):
        try:
            isbn = isbn_rules.to_isbn13(query)
        except ValidationError:
            return None, f"“{query}” is not a valid ISBN: check the digits."
        product = products.filter(isbn=isbn).first()
        if product is None:
            return None, f"We have no title with ISBN {isbn}."
        return product, ""
    exact = list(products.filter(title__iexact=query)[:2])
    if len(exact) == 1:
        return exact[0], ""
    matches = exact or list(products.filter(title__icontains=query)[:4])
    if len(matches) == 1:
        return matches[0], ""
    if not matches:
        return None, f"We found no title matching “{query}”."
    names = "; ".join(p.title for p in matches[:3])
    return None, f"“{query}” matches several titles ({names}): use the ISBN."


def add_lines(*, cart, text: str) -> list[LineResult]:
    """Add every usable line of ``text`` to ``cart``; return one result per line."""
    results = []
    for raw in [line for line in text.splitlines() if line.strip()][:MAX_LINES]:
        raw = raw.strip()[:300]
        query, quantity = parse(raw)
        if quantity is None or quantity < 1:
            results.append(
                LineResult(
                    raw, "The quantity must be a whole number of 1 or more.", False
                )
            )
            continue
        product, problem = find(query)
        if product is None:
            results.append(LineResult(raw, problem, False))
            continue
        try:
            added = cart_services.add(cart=cart, product=product, quantity=quantity)
        except cart_services.CartError as error:
            results.append(LineResult(raw, str(error), False))
            continue
        results.append(LineResult(raw, added.message, not added.reduced, added.added))
    return results

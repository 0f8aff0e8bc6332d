"""How well a product matches a search: its score, worked out in Python.

A search reads at most a few hundred candidates (``catalog.search``). One
query of their titles and names, scored here, costs less than the database
working out a CASE per row and then counting, ordering and paging them in
three more queries (``bench/search.py --profile``). Text is compared folded
(``search.fold``: lower case, no accents), as the search matched it.
"""

from .search import fold

EXACT_TITLE = 100
TITLE_START = 40
IN_TITLE = 40
ISBN = 200
CONTRIBUTOR = 30
PUBLISHER = 20
IN_SUBTITLE = 10
WORD_IN_TITLE = 5
FOUND = 1  # every match scores at least this: a description-only one, no more


def score(
    query: str,
    terms: list[str],
    *,
    title: str,
    subtitle: str = "",
    publisher: str = "",
    contributor_named: bool = False,
    isbn_match: bool = False,
) -> int:
    """Return the score of a product that matched ``query`` in its titles or names.

    The whole query in the title counts most (exactly, at the start,
    anywhere), then an ISBN equal to it, the query in a contributor's name,
    in the publisher's name, in the subtitle; each word found in the title
    adds a little more.
    """
    query, title = fold(query), fold(title)
    points = FOUND
    if title == query:
        points += EXACT_TITLE
    if title.startswith(query):
        points += TITLE_START
    if query in title:
        points += IN_TITLE
    if isbn_match:
        points += ISBN
    if contributor_named:
        points += CONTRIBUTOR
    if query in fold(publisher):
        points += PUBLISHER
    if query in fold(subtitle):
        points += IN_SUBTITLE
    return points + WORD_IN_TITLE * sum(term in title for term in terms)

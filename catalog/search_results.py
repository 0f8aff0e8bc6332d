"""The reads behind the search page: what a search finds, and its spelling help.

A search runs a fixed number of queries whatever the size of the catalogue
(``tests/catalog/test_queries.py``): the index gives at most a few hundred
candidates (``catalog.search``), one query of those puts them in order
(``catalog.ranking`` scores them), and a page reads its own products by id,
only for the product cards not already cached.
"""

import json
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q

from shop.cache import cached

from . import isbn as isbn_rules
from . import ranking, search, spelling
from .models import Credit, Product
from .selectors import SORTS, product_list_queryset

# Longest search query we act on: enough for any title or ISBN, short enough
# that a pasted essay cannot make the database work hard.
SEARCH_MAX_LENGTH = 100
SEARCH_MAX_TERMS = 6

RELEVANCE_SORT = "relevance"
SEARCH_SORTS = {
    RELEVANCE_SORT: ("Best match", ("-score", "-date_added", "-pk")),
} | SORTS


def clean_search_query(raw):
    """Return the query a search acts on: trimmed, single-spaced, capped in length."""
    # Control characters mean nothing in a search, and PostgreSQL refuses a
    # NUL in any text parameter (a 500 instead of an answer).
    text = "".join(
        ch for ch in raw or "" if unicodedata.category(ch) != "Cc" or ch.isspace()
    )
    return " ".join(text.split())[:SEARCH_MAX_LENGTH].strip()


def _isbn_candidates(query):
    digits = isbn_rules.compact(query)
    if not (len(digits) >= 10 and digits[:-1].isdigit()):
        return []
    candidates = [digits]
    try:
        candidates.append(isbn_rules.to_isbn13(digits))
    except ValidationError:
        pass  # not a valid ISBN: still match the digits as typed
    return candidates


@dataclass(frozen=True)
class SearchResults:
    """The products a search found: their ids in the order asked for.

    ``scores`` (by id) for the relevance order. Small enough to cache;
    iterating reads the products, each with its ``score``.
    """

    ids: list[int]
    scores: dict[int, int]

    def __len__(self):
        return len(self.ids)

    def __iter__(self):
        rows = {p.pk: p for p in products_by_id().filter(pk__in=self.ids)}
        for pk in self.ids:
            rows[pk].score = self.scores.get(pk)
            yield rows[pk]


def products_by_id():
    """Return products for a list of ids known to be published (a search's)."""
    # Not "is_published AND id IN (…)": SQLite would walk the published
    # index through every product to test each id, instead of fetching the
    # few ids by primary key.
    return product_list_queryset(Product.objects.all())


def search_products(query, *, sort=RELEVANCE_SORT, request=None) -> SearchResults:
    """Return the published products matching ``query``, in the order of ``sort``.

    A product matches when its ISBN equals the query (hyphens and spaces
    ignored, ISBN-10 accepted), or when every word of the query appears in its
    search text (title, subtitle, descriptions, publisher, contributors; see
    ``catalog.search``, which lets the database's index find them). The
    relevance order (``SEARCH_SORTS``) ranks them by ``ranking.score``;
    products found in their descriptions alone score least and come after
    the others, newest first. A fixed number of queries (three at most);
    none for the same words and order again in this catalogue version
    (given the request).
    """
    query = clean_search_query(query)
    sort = sort if sort in SEARCH_SORTS else RELEVANCE_SORT
    if not query:
        return SearchResults([], {})
    terms = search.terms_of(query)[:SEARCH_MAX_TERMS]
    isbns = _isbn_candidates(query)
    if request is None:
        return _ranked(query, terms, isbns, sort, search.candidates(terms))

    # The matching ids come first, in one bounded query (kept for this
    # catalogue version, whatever the order asked for), then one query of
    # at most that many products puts them in order.
    def rank():
        found = cached(
            request,
            "search-candidates",
            *terms,
            compute=lambda: search.candidates(terms),
        )
        return _ranked(query, terms, isbns, sort, found)

    return cached(request, "search-results", search.fold(query), sort, compute=rank)


def _ranked(query, terms, isbns, sort, found) -> SearchResults:
    if not found.ids and not isbns:
        return SearchResults([], {})
    matched = Q(pk__in=search.id_set(found.ids))
    if isbns:
        matched |= Q(isbn__in=isbns, is_published=True)
    rows = Product.objects.filter(matched)
    if sort != RELEVANCE_SORT:
        ids = rows.order_by(*SEARCH_SORTS[sort][1]).values_list("pk", flat=True)
        return SearchResults(list(ids), {})
    ranked = set(found.ranked)
    wanted = search.fold(query)
    if not isbns and connection.vendor in _RANK_SQL:
        rows = _rows_with_names(found)
    else:
        named = _contributor_named(query, found.ranked) if ranked else set()
        rows = (
            (*row, wanted if row[0] in named else "")
            for row in rows.order_by("-date_added", "-pk").values_list(
                "pk", "title", "subtitle", "isbn", "publisher__name"
            )
        )
    scores = {}
    for pk, title, subtitle, isbn, publisher, names in rows:
        isbn_match = isbn in isbns
        if pk in ranked or isbn_match:
            scores[pk] = ranking.score(
                query,
                terms,
                title=title,
                subtitle=subtitle,
                publisher=publisher or "",
                contributor_named=bool(names) and wanted in search.fold(names),
                isbn_match=isbn_match,
            )
        else:  # found in the descriptions alone: no titles and names to read
            scores[pk] = ranking.FOUND
    # A stable sort: the newest first among equal scores.
    return SearchResults(sorted(scores, key=scores.get, reverse=True), scores)


# The candidates in the newest-first order with what ranking reads, and for
# those found in titles and names their contributors' names (one per line;
# a query holds no line break): one plain statement instead of two built
# by the ORM (a tenth of a new search's CPU).
_NAMES = (
    "CASE WHEN p.id {ids} THEN (SELECT {agg} FROM catalog_credit c "
    "JOIN catalog_contributor k ON k.id = c.contributor_id "
    "WHERE c.product_id = p.id) END"
)
_RANK = (
    "SELECT p.id, p.title, p.subtitle, p.isbn, b.name, {names} "
    "FROM catalog_product p LEFT JOIN catalog_publisher b ON b.id = p.publisher_id "
    "WHERE p.id {ids} ORDER BY p.date_added DESC, p.id DESC"
)
_RANK_SQL = {
    "sqlite": _RANK.format(
        names=_NAMES.format(
            ids="IN (SELECT value FROM json_each(%s))",
            agg="group_concat(k.name, char(10))",
        ),
        ids="IN (SELECT value FROM json_each(%s))",
    ),
    "postgresql": _RANK.format(
        names=_NAMES.format(
            ids="= ANY(%s::bigint[])", agg="string_agg(k.name, E'\\n')"
        ),
        ids="= ANY(%s::bigint[])",
    ),
}


def _rows_with_names(found):
    ids = [[int(pk) for pk in each] for each in (found.ranked, found.ids)]
    if connection.vendor == "sqlite":
        ids = [json.dumps(each) for each in ids]
    with connection.cursor() as cursor:
        cursor.execute(_RANK_SQL[connection.vendor], ids)
        return cursor.fetchall()


def _contributor_named(query, product_ids) -> set[int]:
    """Return those of ``product_ids`` with a contributor whose name holds ``query``."""
    # Compared here for the candidates' own credits: in SQL, PostgreSQL would
    # start from every contributor whose name holds the query, a number that
    # grows with the catalogue.
    wanted = search.fold(query)
    return {
        product_id
        for product_id, name in Credit.objects.filter(
            product_id__in=search.id_set(product_ids)
        )
        .order_by()
        .values_list("product_id", "contributor__name")
        if wanted in search.fold(name)
    }


def search_suggestion(query, *, request=None):
    """Return a corrected query ("trotksy" → "trotsky") that finds something.

    None when the query has no unknown words, nothing close, or the
    correction would find nothing either. A fixed number of queries; none
    when the same words were put right before in this catalogue version
    (given the request).
    """
    query = clean_search_query(query)

    def suggest():
        found = spelling.suggest(query, max_terms=SEARCH_MAX_TERMS)
        if found and search_products(found, request=request):
            return found
        return ""  # cached as "nothing to suggest"

    if request is None:
        return suggest() or None
    terms = search.terms_of(query)[:SEARCH_MAX_TERMS]
    return cached(request, "search-suggestion", *terms, compute=suggest) or None

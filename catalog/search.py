"""Search that forgives: the text search reads, how it matches, and spelling help.

Each product has one ``SearchDocument``, folded to lower case without
accents: ``text`` (titles, contributors, publisher) and ``body`` (those and
the descriptions). A product matches when every word of the query is found
in it: anywhere inside a word of ``text`` ("trots" finds Trotsky), or as a
word or the start of one in ``body`` ("revolution" finds "revolutionary").
The database's own indexes do the work, so a search stays fast as the
catalogue grows:

- SQLite: a trigram FTS5 table mirrors ``text`` and a word FTS5 table
  mirrors ``body``; triggers keep them in step.
- PostgreSQL: a trigram GIN index serves ``text LIKE '%word%'`` and a
  full-text GIN index (``to_tsvector('simple', body)``) serves ``body``.

Long descriptions stay out of the trigram index on purpose: trigrams such as
"ion" or "the" are in almost every description, and matching them inside
long texts is what makes substring search slow on a large catalogue.

When nothing matches, ``suggest`` puts each unknown word right from
``SearchWord`` (the words of titles and names) by trigram similarity:
PostgreSQL's ``pg_trgm`` there; on SQLite a trigram FTS5 table picks a few
candidates and the same similarity measure ranks them.
"""

import re
import unicodedata

from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection, transaction
from django.db.models import Prefetch, Q
from django.db.models.expressions import RawSQL

from .models import Credit, Product, SearchDocument, SearchWord

WORD = re.compile(r"\w+(?:['’]\w+)*")
# A suggestion must share at least this much (PostgreSQL's similarity(), 0–1).
SIMILARITY_THRESHOLD = 0.3
# Candidate words the SQLite index hands over for ranking, per query word.
CANDIDATES = 20
# Shortest word worth correcting: trigrams say little about shorter ones.
MIN_WORD = 3
# Words as written, no stemming or stop words, so that both databases find
# the same products: each query word matches a word or the start of one.
FTS_CONFIG = "simple"


def fold(text: str) -> str:
    """Return ``text`` in lower case without accents: what the index holds."""
    text = text or ""
    if text.isascii():  # nothing to decompose: most text, and 20× faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold().replace("’", "'")


def document_text(*, titles, names, texts) -> tuple[str, str]:
    """Return a product's search ``(text, body)`` from titles, names and texts."""
    short = fold(" \n".join(x for x in (*titles, *names) if x))
    long = fold(" \n".join(x for x in texts if x))
    return short, f"{short} \n{long}".strip()


def vocabulary(*, titles, names) -> set[str]:
    """Return the words of titles and names worth offering as corrections."""
    return {
        word[:100]
        for word in WORD.findall(fold(" ".join(x for x in (*titles, *names) if x)))
        if len(word) >= MIN_WORD and not word.isdigit()
    }


def _parts(product):
    credits = product.credits.all()
    names = [c.contributor.name for c in credits]
    if product.publisher:
        names += [product.publisher.name, product.publisher.short_name]
    titles = [product.title, product.subtitle]
    texts = [product.short_description, product.description]
    return titles, names, texts


@transaction.atomic
def reindex(product_ids) -> None:
    """Write the search documents (and new words) of the given products."""
    ids = set(product_ids)
    products = (
        Product.objects.filter(pk__in=ids)
        .select_related("publisher")
        .prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("contributor"))
        )
    )
    documents, words = [], set()
    for product in products:
        titles, names, texts = _parts(product)
        text, body = document_text(titles=titles, names=names, texts=texts)
        documents.append(SearchDocument(product=product, text=text, body=body))
        words |= vocabulary(titles=titles, names=names)
    SearchDocument.objects.filter(product_id__in=ids).delete()
    SearchDocument.objects.bulk_create(documents)
    SearchWord.objects.bulk_create(
        [SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True
    )


def terms_of(query: str) -> list[str]:
    """Return the folded words of ``query`` that search looks for."""
    return WORD.findall(fold(query))


def _fts5_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts5_words(term: str) -> str:
    # The word table's tokenizer splits "stalin's" in two: match the pieces
    # as a phrase, the last one as the start of a word.
    words = re.findall(r"[^\W_]+", term)
    return " + ".join(_fts5_phrase(w) for w in words) + "*"


def _postgresql_words(term: str) -> str:
    return " <-> ".join(f"{w}:*" for w in re.findall(r"[^\W_]+", term))


def _sqlite_matching(terms: list[str]) -> Q:
    # One subquery that yields the matching ids, so that SQLite starts from
    # the FTS5 indexes and looks products up by id (with one IN per word,
    # or an OR, it reads every product instead).
    selects, params = [], []
    for term in terms:
        parts = [
            "SELECT rowid FROM catalog_searchdocument_body "
            "WHERE catalog_searchdocument_body MATCH %s"
        ]
        params.append(_fts5_words(term))
        if len(term) >= MIN_WORD:  # shorter: too short for trigrams
            parts.append(
                "SELECT rowid FROM catalog_searchdocument_fts "
                "WHERE catalog_searchdocument_fts MATCH %s"
            )
            params.append(_fts5_phrase(term))
        selects.append(f"SELECT rowid FROM ({' UNION '.join(parts)})")
    return Q(pk__in=RawSQL(" INTERSECT ".join(selects), params))


def _term_postgresql(term: str) -> Q:
    return Q(search_document__text__contains=term) | Q(
        search_body=SearchQuery(
            _postgresql_words(term), config=FTS_CONFIG, search_type="raw"
        )
    )


def matching(terms: list[str], query: str) -> Q:
    """Return a condition on products: every term is in the product's text."""
    terms = [t for t in terms if re.search(r"[^\W_]", t)]
    if not terms:
        return Q(pk__in=[])
    if connection.vendor == "sqlite":
        return _sqlite_matching(terms)
    condition = Q()
    for term in terms:
        if connection.vendor == "postgresql":
            condition &= _term_postgresql(term)
        else:
            condition &= Q(search_document__body__icontains=term)
    return condition


def with_full_text(queryset):
    """Add what ``matching`` reads on PostgreSQL (its indexed full-text vector)."""
    if connection.vendor != "postgresql":
        return queryset
    return queryset.alias(
        search_body=SearchVector("search_document__body", config=FTS_CONFIG)
    )


def trigrams(word: str) -> set[str]:
    """Return the trigrams of ``word`` the way pg_trgm counts them."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """Return pg_trgm's similarity(): shared trigrams over all trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def _closest_sqlite(term: str) -> str | None:
    grams = sorted({term[i : i + 3] for i in range(len(term) - 2)})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.word FROM catalog_searchword_fts f "
            "JOIN catalog_searchword w ON w.id = f.rowid "
            "WHERE catalog_searchword_fts MATCH %s ORDER BY f.rank LIMIT %s",
            [" OR ".join(_fts5_phrase(g) for g in grams), CANDIDATES],
        )
        candidates = [row[0] for row in cursor.fetchall()]
    scored = [(similarity(term, c), c) for c in candidates]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= SIMILARITY_THRESHOLD else None


def _closest_postgresql(term: str) -> str | None:
    # ``trigram_similar`` (the % operator) is what the GIN index serves.
    return (
        SearchWord.objects.filter(word__trigram_similar=term)
        .annotate(similarity=TrigramSimilarity("word", term))
        .filter(similarity__gte=SIMILARITY_THRESHOLD)
        .order_by("-similarity", "word")
        .values_list("word", flat=True)
        .first()
    )


def suggest(query: str, *, max_terms: int) -> str | None:
    """Return ``query`` with unknown words replaced by the closest known ones.

    None when every word is known or none has a close match. One query to
    find the known words, then at most one per unknown word (``max_terms``
    caps them), whatever the size of the catalogue.
    """
    terms = terms_of(query)[:max_terms]
    unknown = {t for t in terms if len(t) >= MIN_WORD and not t.isdigit()}
    unknown -= set(
        SearchWord.objects.filter(word__in=unknown).values_list("word", flat=True)
    )
    if not unknown:
        return None
    closest = (
        _closest_postgresql if connection.vendor == "postgresql" else _closest_sqlite
    )
    corrected, changed = [], False
    for term in terms:
        better = closest(term) if term in unknown else None
        if better and better != term:
            corrected.append(better)
            changed = True
        else:
            corrected.append(term)
    return " ".join(corrected) if changed else None

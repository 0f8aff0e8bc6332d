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

When nothing matches, ``catalog.spelling.suggest`` puts each unknown word
right from ``SearchWord`` (the words of titles and names) by trigram similarity:
PostgreSQL's ``pg_trgm`` there; on SQLite a trigram FTS5 table picks a few
candidates and the same similarity measure ranks them.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.db.models import Prefetch, Q
from django.db.models.expressions import RawSQL

from .models import Credit, Product, SearchDocument, SearchWord

WORD = re.compile(r"\w+(?:['’]\w+)*")
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


# ``text`` is kept whole in a PostgreSQL index (migration 0008), whose
# entries must stay under 2,704 bytes: titles and names past this many
# bytes (dozens of long names) are still found as words of ``body``.
TEXT_MAX_BYTES = 2000


def document_text(*, titles, names, texts) -> tuple[str, str]:
    """Return a product's search ``(text, body)`` from titles, names and texts."""
    short = fold(" \n".join(x for x in (*titles, *names) if x))
    long = fold(" \n".join(x for x in texts if x))
    text = short.encode()[:TEXT_MAX_BYTES].decode(errors="ignore")
    return text, f"{short} \n{long}".strip()


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


# Products written per batch by ``index_products``: bounded memory, few queries.
INDEX_BATCH = 1000


def index_products(product_ids=None, *, batch_size=INDEX_BATCH) -> int:
    """Write the search documents of many products; return how many.

    For code that writes products in bulk (``bulk_create``, SQL, an import),
    which sends no signals: call it with the ids written, or with None for
    the whole catalogue. Each batch is its own transaction.
    """
    if product_ids is None:
        product_ids = Product.objects.order_by("pk").values_list("pk", flat=True)
    ids = list(product_ids)
    for start in range(0, len(ids), batch_size):
        reindex(ids[start : start + batch_size])
    return len(ids)


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


def _fts5_words(term: str, *, prefix=True) -> str:
    # The word table's tokenizer splits "stalin's" in two: match the pieces
    # as a phrase, the last one as the start of a word (or, not ``prefix``,
    # as a whole word). A short last piece ("s", "ll") is a whole word: the
    # list of every word starting with "s" took FTS5 0.2 s to build.
    words = re.findall(r"[^\W_]+", term)
    if len(words) > 1 and len(words[-1]) < MIN_WORD:
        prefix = False
    return " + ".join(_fts5_phrase(w) for w in words) + ("*" if prefix else "")


def _postgresql_words(term: str) -> str:
    # As on SQLite: "stalin's" is "stalin" followed by "s", not by any word
    # starting with "s" ("Stalin said").
    words = re.findall(r"[^\W_]+", term)
    if len(words) > 1 and len(words[-1]) < MIN_WORD:
        return " <-> ".join(words)
    return " <-> ".join(words[:-1] + [f"{words[-1]}:*"])


# A word found in much of the catalogue ("history" in a bookshop) must not
# make a search rank and count every product that has it. A search takes
# the newest RANKED products with every word in their titles and names (the
# ones ranked by how well they match) and the newest MATCHED with every word
# anywhere (ranked below them, newest first); both are index walks that stop
# there, so a search costs the same at 100 products or 100,000.
RANKED = 120
MATCHED = 240


@dataclass(frozen=True)
class Limits:
    ranked: int
    matched: int  # 0: titles and names only
    unpublished: bool = False


@dataclass(frozen=True)
class Candidates:
    ranked: list[int]  # every word in the titles and names
    matched: list[int]  # every word somewhere, not in ``ranked``

    @property
    def ids(self) -> list[int]:
        return self.ranked + self.matched


def id_set(ids: list[int]):
    """Return ``ids`` as one SQL parameter, for ``pk__in=``.

    Hundreds of ids as hundreds of parameters cost Django a compile of each
    every time the queryset runs (count, page, rows): one JSON or array
    parameter costs the same for 3 ids or 360.
    """
    ids = [int(pk) for pk in ids]
    if not ids:
        return []
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return ids


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _sqlite_candidates(long, short, terms, limits) -> tuple[str, list]:
    # FTS5 walks its doclists in rowid (product id) order: ORDER BY rowid
    # DESC with a LIMIT stops after that many rows, however many match. Not
    # so for the start of a word ("strike"*): FTS5 first builds the whole
    # list of the products with any word so starting, 87,000 of 100,000
    # for "strike" (8 ms; 19 ms for two words) against 0.3 ms for the whole
    # words. So the whole words are looked for first, and the starts of
    # words only when those find fewer than the limit (the same query: the
    # MATCH argument is worked out once, before the index is read). When
    # the whole words fill the list, it holds the newest products with those
    # words rather than the newest with words starting so ("strikes"
    # alone): only the description matches, listed below the others.
    matched = (
        "SELECT b.rowid AS id, 0 AS ranked FROM catalog_searchdocument_body b "
        "JOIN catalog_product p ON p.id = b.rowid "
        "WHERE catalog_searchdocument_body MATCH {match} AND (p.is_published OR %s) "
        "ORDER BY b.rowid DESC LIMIT %s"
    )
    exact = " AND ".join(_fts5_words(t, prefix=False) for t in terms)
    starts = " AND ".join(_fts5_words(t) for t in terms)
    matched = (
        f"WITH exact AS ({matched.format(match='%s')}) "
        "SELECT id, ranked FROM ("
        + matched.format(
            match="CASE WHEN (SELECT count(*) FROM exact) < %s THEN %s ELSE %s END"
        )
        + ")"
    )
    params = [exact, limits.unpublished, limits.matched]
    params += [limits.matched, starts, exact, limits.unpublished, limits.matched]
    if not long:
        return matched, params
    also = ""
    if short:
        # The products with the short words, listed once: an EXISTS per
        # title match built the list of words so starting for each of them
        # (2–3 s for "ww strike" at 100,000 products).
        also = (
            " AND f.rowid IN (SELECT rowid FROM catalog_searchdocument_body "
            "WHERE catalog_searchdocument_body MATCH %s)"
        )
    ranked = (
        "SELECT f.rowid AS id, 1 AS ranked FROM catalog_searchdocument_fts f "
        "JOIN catalog_product p ON p.id = f.rowid "
        "WHERE catalog_searchdocument_fts MATCH %s AND (p.is_published OR %s)"
        f"{also} "
        "ORDER BY f.rowid DESC LIMIT %s"
    )
    first = [" AND ".join(_fts5_phrase(t) for t in long), limits.unpublished]
    if short:
        first.append(" AND ".join(_fts5_words(t) for t in short))
    first.append(limits.ranked)
    sql = f"SELECT id, ranked FROM ({ranked})"
    if not limits.matched:
        return sql, first
    return f"{sql} UNION ALL SELECT id, ranked FROM ({matched})", first + params


# Stored and indexed (migration 0007): cheap to test row by row as well.
# The ranked part walks ``catalog_searchdocument_text_walk`` (migration
# 0008: product ids with ``text`` beside them) and tests each title there,
# without reading the table's wide rows (descriptions, vectors): for two
# words seldom in one title ("general strike"), 12,000 entries in 5-8 ms
# instead of 12,000 table pages in 19-27 ms at 100,000 products.
_PG_VECTOR = "d.body_vector"
_PG_SELECT = (
    "SELECT d.product_id AS id, {flag} AS ranked FROM catalog_searchdocument d "
    "JOIN catalog_product p ON p.id = d.product_id "
    "WHERE (p.is_published OR %s)"
)


def _postgresql_candidates(long, short, terms, limits) -> tuple[str, list]:
    words = " & ".join(f"({_postgresql_words(t)})" for t in terms)
    matched = (
        f"({_PG_SELECT.format(flag=0)} AND {_PG_VECTOR} @@ to_tsquery('simple', %s) "
        "ORDER BY d.product_id DESC LIMIT %s)"
    )
    params = [limits.unpublished, words, limits.matched]
    if not long:
        return matched, params
    ranked = _PG_SELECT.format(flag=1) + " AND d.text LIKE %s" * len(long)
    first = [limits.unpublished] + [_like(t) for t in long]
    if short:
        ranked += f" AND {_PG_VECTOR} @@ to_tsquery('simple', %s)"
        first.append(" & ".join(f"({_postgresql_words(t)})" for t in short))
    first.append(limits.ranked)
    sql = f"({ranked} ORDER BY d.product_id DESC LIMIT %s)"
    if not limits.matched:
        return sql, first
    return f"{sql} UNION ALL {matched}", first + params


def candidates(terms: list[str], limits: Limits | None = None) -> Candidates:
    """Return the published products in which every term is found.

    A term is found as a word or the start of one anywhere in the search
    text (``body``), or anywhere inside the titles and names (``text``).
    At most ``limits.ranked + limits.matched`` ids (by default RANKED +
    MATCHED), the newest products of each kind first: one query, bounded
    whatever the size of the catalogue. ``limits.matched=0`` looks in
    titles and names only.
    """
    terms = [t for t in terms if re.search(r"[^\W_]", t)]
    if not terms:
        return Candidates([], [])
    limits = limits or Limits(ranked=RANKED, matched=MATCHED)
    long = [t for t in terms if len(t) >= MIN_WORD]
    short = [t for t in terms if len(t) < MIN_WORD]  # too short for trigrams
    if not long and not limits.matched:
        limits = replace(limits, matched=limits.ranked)
    if connection.vendor == "sqlite":
        sql, params = _sqlite_candidates(long, short, terms, limits)
    elif connection.vendor == "postgresql":
        sql, params = _postgresql_candidates(long, short, terms, limits)
    else:
        condition = Q()
        for term in terms:
            condition &= Q(search_document__body__icontains=term)
        found = Product.objects.filter(condition).order_by("-pk")
        if not limits.unpublished:
            found = found.filter(is_published=True)
        cap = limits.matched or limits.ranked
        return Candidates([], list(found.values_list("pk", flat=True)[:cap]))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ranked = [pk for pk, flag in rows if flag]
    seen = set(ranked)
    return Candidates(ranked, [pk for pk, flag in rows if pk not in seen])

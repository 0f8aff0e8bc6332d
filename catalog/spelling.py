"""Spelling help for search: "trotksy" put right as "trotsky".

``suggest`` puts each unknown word right from ``SearchWord`` (the words of
titles and names, written by ``catalog.search.reindex``) by trigram
similarity: PostgreSQL's ``pg_trgm`` there; on SQLite a trigram FTS5 table
picks a few candidates and the same similarity measure ranks them.
"""

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection

from .models import SearchWord
from .search import MIN_WORD, _fts5_phrase, terms_of

# A suggestion must share at least this much (PostgreSQL's similarity(), 0–1).
SIMILARITY_THRESHOLD = 0.3
# Candidate words the SQLite index hands over for ranking, per query word.
CANDIDATES = 20


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

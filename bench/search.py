#!/usr/bin/env python
"""Time search on a large catalogue: exact, misspelled and no-match queries.

    .venv/bin/python bench/search.py [--products 100000] [--requests 50]
    DATABASE_URL=postgres://… .venv/bin/python bench/search.py   # on PostgreSQL

Builds the catalogue (demo data plus N products whose titles are made of a
few thousand invented words, so the word list is as varied as a real one),
then times the search page in-process and prints median and 95th-percentile
milliseconds and the query count. On PostgreSQL it uses (and empties) the
database named in DATABASE_URL; without one, a throwaway SQLite file.
"""

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import measure, setup_django  # noqa: E402

SYLLABLES = "ka ro ta mi ne su lo ve da ri po na te li mo sa ku de fa zo".split()


def invented_words(count, rng):
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def build(products):
    from decimal import Decimal

    from django.core.management import call_command

    from catalog import search
    from catalog.models import Contributor, Credit, Product

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    rng = random.Random(1)
    words = invented_words(5000, rng)
    people = Contributor.objects.bulk_create(
        Contributor(
            name=f"{rng.choice(words).title()} {rng.choice(words).title()}",
            slug=f"bench-person-{i}",
        )
        for i in range(2000)
    )
    for start in range(0, products, 5000):
        batch = Product.objects.bulk_create(
            Product(
                title=" ".join(rng.choice(words) for _ in range(rng.randint(2, 6))),
                slug=f"bench-{i}",
                price=Decimal("3.50"),
                stock=5,
                description=" ".join(rng.choice(words) for _ in range(60)),
            )
            for i in range(start, min(start + 5000, products))
        )
        Credit.objects.bulk_create(
            Credit(product=p, contributor=rng.choice(people)) for p in batch
        )
        search.reindex([p.pk for p in batch])
    return words


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3", os.environ.get("DATABASE_URL"))
        from django.db import connection
        from django.test import Client

        words = build(args.products)
        word = words[len(words) // 2]
        misspelled = word[:2] + word[3] + word[2] + word[4:]
        client = Client()
        print(
            f"{connection.vendor}: {args.products} products, {args.requests} requests"
        )
        print("| search | status | queries | p50 ms | p95 ms |")
        print("| --- | --- | --- | --- | --- |")
        for name, query in [
            ("exact word", word),
            ("two words", f"{word} {words[7]}"),
            ("misspelled", misspelled),
            ("author", "kropotkin"),
            ("misspelled title", "trotksy"),
            ("nothing like it", "xqzvwj"),
        ]:
            r = measure(client, f"/search/?q={query}", args.requests)
            print(
                f"| {name} ({query}) | {r['status']} | {r['queries']} "
                f"| {r['p50']:.1f} | {r['p95']:.1f} |"
            )


if __name__ == "__main__":
    main()

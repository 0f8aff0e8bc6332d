#!/usr/bin/env python
"""Time new searches in-process on a catalogue bench/load.py built.

    .venv/bin/python bench/search.py [--size 100000] [--requests 20]
    .venv/bin/python bench/search.py --db-url postgres://…/shop_bench_100000
    .venv/bin/python bench/search.py --explain     # the plans of each query

Every request is a new address, so the page cache never answers: the
search page (a hit, a word in most products, two words, a miss, a
misspelling, new words and a new misspelling each time) and the admin's
product list searched and filtered. The fixed searches repeat their words,
whose ranking is then cached for the catalogue version, as on a live shop;
``--cold`` empties the cache before each request, so each costs what a
search nobody made before costs with nothing else cached either. Prints
p50 / p95 wall and CPU milliseconds of this process and the SQL queries of
each; on PostgreSQL the database's own CPU is not in "CPU ms" (it is in the
wall time). ``--explain`` prints EXPLAIN QUERY PLAN (SQLite) or EXPLAIN
ANALYZE (PostgreSQL) of every query one search runs.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalogue import WORDS  # noqa: E402  (bench/, the script's own folder)


def searches(rng):
    """Return (name, path maker) pairs; each maker returns a new address."""

    def fixed(path):
        return lambda: path

    def fresh_words():
        words = rng.sample(WORDS, rng.randint(1, 2))
        return "/search/?q=" + "+".join(words)

    def fresh_misspelling():
        word = rng.choice([w for w in WORDS if len(w) >= 6])
        i = rng.randint(1, len(word) - 3)
        return "/search/?q=" + word[:i] + word[i + 1] + word[i] + word[i + 2 :]

    return [
        ("hit (trotsky)", fixed("/search/?q=trotsky")),
        ("title phrase (truth about trotsky)", fixed("/search/?q=truth+about+trotsky")),
        ("common word (strike)", fixed("/search/?q=strike")),
        ("two common words (general strike)", fixed("/search/?q=general+strike")),
        ("miss (zqxjkv)", fixed("/search/?q=zqxjkv")),
        ("misspelt (trotksy)", fixed("/search/?q=trotksy")),
        ("new words each time", fresh_words),
        ("new misspelling each time", fresh_misspelling),
        ("page 5 of a common word", fixed("/search/?q=strike&page=5")),
        ("admin: search (strike)", fixed("/admin/catalog/product/?q=strike")),
        ("admin: search (trotsky)", fixed("/admin/catalog/product/?q=trotsky")),
        (
            "admin: search + filter",
            fixed("/admin/catalog/product/?q=kropotkin&is_published__exact=1"),
        ),
        ("admin: filter only", fixed("/admin/catalog/product/?format__exact=pamphlet")),
    ]


def measure(client, make_path, requests, *, cold=False):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walls, cpus, queries, status = [], [], 0, None
    for n in range(requests):
        # A new address each time: the page cache never answers. What other
        # pages share (the New products block, the menus) stays cached, as
        # on a live shop; ``--cold`` empties the cache before each request.
        path = make_path()
        if path.startswith("/search/"):
            path += f"&n={n}{random.random()}"
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            cpu = time.process_time() - cpu
            wall = time.perf_counter() - wall
        walls.append(wall * 1000)
        cpus.append(cpu * 1000)
        queries = max(queries, captured.final_queries - captured.initial_queries)
        status = response.status_code
    walls.sort()
    cpus.sort()
    p95 = max(0, int(len(walls) * 0.95) - 1)
    return {
        "status": status,
        "queries": queries,
        "wall50": statistics.median(walls),
        "wall95": walls[p95],
        "cpu50": statistics.median(cpus),
        "cpu95": cpus[p95],
    }


def profile(client, make_path, requests):
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    client.get(make_path())
    profiler.enable()
    for n in range(requests):
        client.get(f"{make_path()}&n={n}{random.random()}")
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(40)


def explain(client, path):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    print(f"\n## {path}")
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip("( ").upper().startswith("SELECT"):
                continue
            print(f"\n{query['time']} s  {sql[:300]}")
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
            for row in cursor.fetchall():
                print("   ", " | ".join(str(c) for c in row))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--db-url", default="")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--only", default="", help="names containing this")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--cold", action="store_true", help="empty the cache each time")
    parser.add_argument("--profile", action="store_true", help="cProfile, not timings")
    args = parser.parse_args()
    from load import setup_in_process

    setup_in_process(args.size, args.db_url)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client()
    admin, _ = get_user_model().objects.get_or_create(
        username="bench-search-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    staff = Client()
    staff.force_login(admin)
    rng = random.Random(1)
    load = os.getloadavg()
    print(
        f"{connection.vendor}, {args.size} products, {args.requests} new searches "
        f"each; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}\n"
    )
    print("| search | status | queries | wall p50 / p95 ms | CPU p50 / p95 ms |")
    print("| --- | --- | --- | --- | --- |")
    for name, make_path in searches(rng):
        if args.only and args.only not in name:
            continue
        who = staff if name.startswith("admin") else client
        if args.explain:
            explain(who, make_path())
            continue
        if args.profile:
            profile(who, make_path, args.requests)
            continue
        who.get(make_path())  # warm what every page shares
        r = measure(who, make_path, args.requests, cold=args.cold)
        print(
            f"| {name} | {r['status']} | {r['queries']} "
            f"| {r['wall50']:.1f} / {r['wall95']:.1f} "
            f"| {r['cpu50']:.1f} / {r['cpu95']:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Time uncached renders of list pages in-process on a catalogue bench/load.py built.

    .venv/bin/python bench/lists.py [--size 100000] [--db-url …] [--requests 8]

A visitor without a session gets a list page from the whole-page cache; the
render behind it is paid once per catalogue version and address, and by
every shopper with a session. This measures that render two ways: at a new
address each time (``?n=…``: the page and its list are not cached, what
other pages share is: the product cards, the New products block, a list's
count), and with the cache emptied before each request. Pages: category
"Books" page 1, home, New products, and a search for new words. Prints the
CPU milliseconds of this process (p50); on PostgreSQL the database's own
CPU is not in it.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--db-url", default="")
    parser.add_argument("--requests", type=int, default=8)
    args = parser.parse_args()
    from load import setup_in_process

    setup_in_process(args.size, args.db_url)
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    client = Client()
    rng = random.Random(7)

    def words():
        return "+".join(rng.sample(WORDS, rng.randint(1, 2)))

    pages = {
        "category, page 1": lambda n: f"/category/books/?n={n}",
        "home": lambda n: f"/?n={n}",
        "new products": lambda n: f"/new-products/?n={n}",
        "search, new words": lambda n: f"/search/?q={words()}&n={n}",
    }
    load = os.getloadavg()[0]
    print(f"{connection.vendor}, {args.size} products; load average {load:.1f}\n")
    print("| page | new address: CPU ms p50 | cache emptied: CPU ms p50 |")
    print("| --- | --- | --- |")
    for name, make in pages.items():
        row = []
        for cold in (False, True):
            client.get(make(-1))  # warm what every page shares
            cpus = []
            for n in range(args.requests):
                if cold:
                    cache.clear()
                started = time.process_time()
                response = client.get(make(n))
                cpus.append((time.process_time() - started) * 1000)
                assert response.status_code == 200, response.status_code
            row.append(f"{statistics.median(cpus):.1f}")
        print(f"| {name} | {' | '.join(row)} |", flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Profile one page in-process with cProfile, on a catalogue bench/load.py built.

    .venv/bin/python bench/profile_page.py /products/1-slug/ [--size 5000] [--db-url …]

Requests the page ``--requests`` times with Django's test client, in the
server's production settings, and prints the functions that took the most
cumulative and own time: the evidence for what limits a page.
"""

import argparse
import cProfile
import os
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--db-url", default="")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--post", default="", help="form body: POST instead of GET")
    args = parser.parse_args()
    from load import DATA, server_env

    url = args.db_url or f"sqlite:///{DATA / f'shop-{args.size}.sqlite3'}"
    os.environ.update(server_env(url, DATA / "media"))
    import django

    django.setup()
    from urllib.parse import parse_qsl

    from django.test import Client

    client = Client()

    def request():
        if args.post:
            return client.post(args.path, dict(parse_qsl(args.post)))
        return client.get(args.path)

    print(args.path, "answered", request().status_code)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        request()
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()

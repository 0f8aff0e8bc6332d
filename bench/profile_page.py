#!/usr/bin/env python
"""Profile one page in-process with cProfile, on a catalogue bench/load.py built.

    .venv/bin/python bench/profile_page.py /products/1-slug/ [--size 5000] [--db-url …]

Requests the page ``--requests`` times with Django's test client, in the
server's production settings, and prints the functions that took the most
cumulative and own time: the evidence for what limits a page.
"""

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--db-url", default="")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--post", default="", help="form body: POST instead of GET")
    parser.add_argument(
        "--shopper",
        choices=("cart", "checkout", "pair"),
        help="cart: as a shopper with a cart; checkout: who filled in the checkout "
        "details; pair: a new visitor's add to cart, then PATH (e.g. /cart/)",
    )
    args = parser.parse_args()
    from catalogue import checkout_session, pages
    from load import setup_in_process

    setup_in_process(args.size, args.db_url)
    from urllib.parse import parse_qsl

    from django.test import Client

    client = Client()
    _, product = pages()
    if args.shopper == "cart":
        client.post("/cart/add/", {"product": product.pk, "quantity": 1})
    elif args.shopper == "checkout":
        checkout_session(client, product)

    def request():
        if args.shopper == "pair":
            client.cookies.clear()  # a new visitor (one handler: no new Client)
            # Form-encoded, as a browser (and load.py's wrk) posts the form:
            # the test client's default multipart parsing is not the add's.
            client.post(
                "/cart/add/",
                f"product={product.pk}&quantity=1",
                content_type="application/x-www-form-urlencoded",
            )
            return client.get(args.path)
        if args.post:
            return client.post(args.path, dict(parse_qsl(args.post)))
        return client.get(args.path)

    print(args.path, "answered", request().status_code)
    started = time.process_time()
    for _ in range(min(args.requests, 50)):
        request()
    per_request = (time.process_time() - started) / min(args.requests, 50) * 1000
    print(f"{per_request:.2f} ms of CPU per request, without the profiler")
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

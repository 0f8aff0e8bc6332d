#!/usr/bin/env python
"""CPU of one page for a shopper with a cart, in-process, beside the bare view.

    .venv/bin/python bench/page_cpu.py /products/1-slug/ [--size 25] [--db-url …]

Alternates rounds of the page (as a shopper with a cart, as
``profile_page.py --shopper cart``) and of the bare view (no cookies), and
prints each one's best and median CPU milliseconds per request over the
rounds and the page's multiple of the bare view: on a shared machine the
best rounds are the least disturbed.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--size", type=int, default=25)
    parser.add_argument("--db-url", default="")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    from catalogue import pages
    from load import setup_in_process

    setup_in_process(args.size, args.db_url)
    from django.test import Client

    shopper, visitor = Client(), Client()
    _, product = pages()
    shopper.post("/cart/add/", {"product": product.pk, "quantity": 1})
    runs = {"page": (shopper, args.path), "bare": (visitor, "/bench/bare/")}
    for client, path in runs.values():
        assert client.get(path).status_code == 200
    times = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, (client, path) in runs.items():
            started = time.process_time()
            for _ in range(args.requests):
                client.get(path)
            elapsed = time.process_time() - started
            times[name].append(elapsed / args.requests * 1000)
    for name, values in times.items():
        print(
            f"{name}: best {min(values):.2f} ms, median "
            f"{statistics.median(values):.2f} ms of CPU per request"
        )
    best = min(times["page"]) / min(times["bare"])
    median = statistics.median(times["page"]) / statistics.median(times["bare"])
    print(f"page × bare: {best:.1f} (best rounds), {median:.1f} (medians)")


if __name__ == "__main__":
    main()

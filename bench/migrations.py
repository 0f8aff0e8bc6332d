#!/usr/bin/env python
"""Time ``migrate`` from the previous release on a shop full of rows.

    .venv/bin/python bench/migrations.py \\
        --pg-url postgres://shop@127.0.0.1:5432/postgres [--sizes 1000:500 100000:50000]

For each size (products:orders, one order line each, 200 publishers) a new
database next to ``--pg-url`` (or SHOP_TEST_POSTGRES_URL) gets the previous
release's schema and the rows, then ``manage.py migrate`` runs in its own
process as a deploy runs it. Prints the wall time of that process, the SQL
statements it ran, and whether every old row came through unchanged. Compare
the sizes within one run: the machine's load moves the absolute seconds.
tests/ops/test_migrations.py asserts the statement count; the seconds are here.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def size(text):
    products, orders = text.split(":")
    return int(products), int(orders)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg-url", default=os.environ.get("SHOP_TEST_POSTGRES_URL"))
    parser.add_argument(
        "--sizes", type=size, nargs="+", default=[(1_000, 500), (100_000, 50_000)]
    )
    args = parser.parse_args()
    if not args.pg_url:
        parser.error("give --pg-url or set SHOP_TEST_POSTGRES_URL")

    from tests.ops.upgrade import upgrade

    print(f"load average: {os.getloadavg()[0]:.1f}")
    print(
        f"{'products':>9} {'orders':>8} {'migrations':>10} {'statements':>10} "
        f"{'seconds':>8}  rows kept"
    )
    for products, orders in args.sizes:
        run = upgrade(args.pg_url, products=products, orders=orders)
        kept = "yes" if run.after == run.before else "NO"
        print(
            f"{products:>9,} {orders:>8,} {run.migrations:>10} {run.statements:>10}"
            f" {run.seconds:>8.1f}  {kept}",
            flush=True,
        )
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Time ``import_products`` on a generated CSV of N rows into a fresh database.

    .venv/bin/python bench/imports.py [--rows 100000] [--pg-url postgres://…]

Writes the CSV (title, authors, publisher, format, price, stock, categories,
description) to var/bench/, migrates an empty SQLite database (or, with
``--pg-url``, a fresh ``shop_bench_import`` database beside it), runs the
command with its progress bar, then runs it again on the same file (every
row an update). Prints rows per second and the load average (the machine
is shared).
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))

from catalogue import WORDS  # noqa: E402
from load import DATA, PYTHON, database_url, server_env  # noqa: E402
from orders import server_cpu_ms, stat  # noqa: E402


def write_csv(path, rows):
    rng = random.Random(rows)
    names = [f"{rng.choice(WORDS).title()} {n}" for n in range(max(10, rows // 20))]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            ["title", "authors", "publisher", "format", "price", "stock"]
            + ["categories", "description"]
        )
        for n in range(rows):
            out.writerow(
                [
                    " ".join(rng.choice(WORDS) for _ in range(3)).capitalize()
                    + f" {n}",
                    "; ".join(rng.sample(names, rng.randint(1, 2))),
                    f"Import Press {rng.randint(1, 40)}",
                    "pamphlet",
                    f"{rng.randint(100, 3000) / 100:.2f}",
                    rng.randint(0, 50),
                    rng.choice(["Books > History", "Pamphlets", "Books > Ecology"]),
                    " ".join(rng.choice(WORDS) for _ in range(60)),
                ]
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg-url", default="", help="PostgreSQL (default: SQLite)")
    parser.add_argument("--no-rerun", action="store_true", help="import once only")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the last run's database"
    )
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"import-{args.rows}.csv"
    write_csv(path, args.rows)
    db = "postgres" if args.pg_url else "sqlite"
    url = database_url(db, "import", args.pg_url, reuse=args.reuse)
    env = server_env(url, DATA / "media")
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    runs = ["new rows", "the same rows again (updates)"]
    if args.reuse:  # the last run's database holds these rows already
        runs = [runs[1], runs[1]]
    master = _postmaster(url) if args.pg_url else None
    for run in runs[:1] if args.no_rerun else runs:
        load = os.getloadavg()[0]
        server = server_cpu_ms(master) if master else 0
        cpu = _children_cpu()
        started = time.perf_counter()
        subprocess.run(
            [*manage, "import_products", str(path), "--progress"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        took = time.perf_counter() - started
        cpu = _children_cpu() - cpu
        if master:
            server = (server_cpu_ms(master) - server) / 1000
            print(f"PostgreSQL server: {server:.0f} s of CPU")
        print(
            f"{db}, {run}: {args.rows:,} rows in {took:.0f} s "
            f"({args.rows / took:,.0f} rows/s), {cpu:.0f} s of the command's CPU "
            f"({args.rows / cpu:,.0f} rows per CPU second, the database server's "
            f"own not counted); load average {load:.1f} before, "
            f"{os.getloadavg()[0]:.1f} after"
        )


def _postmaster(url):
    import psycopg

    with psycopg.connect(url) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    return stat(backend)["ppid"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Time ``import_products`` on a generated CSV of N rows into a fresh database.

    .venv/bin/python bench/imports.py [--rows 100000] [--db-url postgres://…]

Writes the CSV (title, authors, publisher, format, price, stock, categories,
description) to var/bench/, migrates an empty SQLite database (or uses
``--db-url``), and runs the command with its progress bar.
"""

import argparse
import csv
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))

from catalogue import WORDS  # noqa: E402
from load import DATA, PYTHON, server_env  # noqa: E402


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
    parser.add_argument("--db-url", default="")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"import-{args.rows}.csv"
    write_csv(path, args.rows)
    db = DATA / "import.sqlite3"
    db.unlink(missing_ok=True)
    env = server_env(args.db_url or f"sqlite:///{db}", DATA / "media")
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [*manage, "import_products", str(path), "--progress"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    print(f"{args.rows:,} rows in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Time ``import_prestashop`` on a generated PrestaShop 1.6 shop of N products.

    .venv/bin/python bench/prestashop_import.py [--products 300 20000] [--images 40]

Starts a throwaway MariaDB (or uses SHOP_TEST_MARIADB_URL), builds the test
suite's fixture shop at each size, imports it into a fresh SQLite database (or
``--database-url postgres://…/db``, emptied first by ``migrate`` on a new db),
then imports it again, and prints both times (wall and CPU) and the CPU time
per product, so
runs of different sizes can be compared in one go.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, nargs="+", default=[300, 20000])
    parser.add_argument("--images", type=int, default=40)
    args = parser.parse_args()

    from tests.migrate_prestashop import mariadb
    from tests.migrate_prestashop.ps16_fixture import build

    server = mariadb.Server()
    work = Path(tempfile.mkdtemp(prefix="bench-prestashop-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="shop.settings",
        DJANGO_SECRET_KEY="bench-only",
        DJANGO_ALLOWED_HOSTS="testserver",
        # Required in production; the import sends no email and builds no link.
        EMAIL_URL="consolemail://",
        SHOP_URL="http://testserver",
        MEDIA_ROOT=str(work / "media"),
    )
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'shop.sqlite3'}")
    import django

    django.setup()
    from django.core.management import call_command

    from migrate_prestashop.models import OldLink

    # Wall time and this process's CPU time (the import and SQLite run in it):
    # on a shared machine the CPU time is the steadier of the two.
    print(
        f"{'products':>9} {'build':>8} {'import':>8} {'cpu':>8} {'again':>8} "
        f"{'cpu':>8} {'cpu ms/product':>15}"
    )
    try:
        for count in args.products:
            img_dir = work / f"img-{count}"
            (img_dir / "p").mkdir(parents=True)
            name, url = server.new_database()
            started = time.perf_counter()
            with server.connect(name) as connection:
                facts = build(
                    connection, img_dir=img_dir, products=count, images=args.images
                )
            built = time.perf_counter() - started
            call_command("flush", "--no-input", verbosity=0)
            call_command("migrate", "--no-input", verbosity=0)
            times = []
            for _ in range(2):
                started, cpu = time.perf_counter(), time.process_time()
                call_command(
                    "import_prestashop",
                    url,
                    "--cookie-key",
                    facts.cookie_key,
                    "--img-dir",
                    str(img_dir),
                    "--report",
                    str(work / f"report-{count}.txt"),
                    stdout=io.StringIO(),
                    stderr=io.StringIO(),
                )
                times.append((time.perf_counter() - started, time.process_time() - cpu))
            assert OldLink.objects.filter(kind="product").count() == count
            (first, first_cpu), (again, again_cpu) = times
            print(
                f"{count:>9} {built:>7.1f}s {first:>7.1f}s {first_cpu:>7.1f}s "
                f"{again:>7.1f}s {again_cpu:>7.1f}s {1000 * first_cpu / count:>15.2f}",
                flush=True,
            )
            server.drop_database(name)
    finally:
        server.stop()


if __name__ == "__main__":
    main()

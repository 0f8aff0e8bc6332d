"""SQLite, the default database, tuned for a shop: write-ahead logging, a busy
timeout and synchronous=NORMAL on every connection, so shoppers reading pages
are never held up by a writer."""

import sqlite3
import threading
import time

from tests.gunicorn_shop import Browser, manage, serve, shell, shop_env

PRAGMAS = """
import json
from django.db import connection
with connection.cursor() as cursor:
    values = {
        name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "busy_timeout")
    }
print(json.dumps(values))
"""

SEED = """
import json
from decimal import Decimal
from catalog.models import Product
product = Product.objects.create(title="Before", slug="before",
    price=Decimal("4.00"), weight_grams=100, stock=5)
print(json.dumps({"url": product.get_absolute_url()}))
"""


def test_every_connection_uses_wal_a_busy_timeout_and_normal_sync(tmp_path):
    env = shop_env(f"sqlite:///{tmp_path / 'shop.sqlite3'}")
    manage(env, "migrate", "--no-input")
    # A new process, so a new connection: synchronous is not kept in the file.
    assert shell(env, PRAGMAS) == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": 20_000,
    }


def test_pages_are_read_while_a_writer_holds_the_write_lock(tmp_path):
    path = tmp_path / "shop.sqlite3"
    env = shop_env(f"sqlite:///{path}")
    manage(env, "migrate", "--no-input")
    seed = shell(env, SEED)
    with serve(env, tmp_path / "gunicorn.log", probe=seed["url"]) as base:
        # A long write, as a big import whose changes outgrow the page cache:
        # without WAL it holds the lock that keeps every reader out.
        writer = sqlite3.connect(path, isolation_level=None)
        writer.execute("BEGIN EXCLUSIVE")
        writer.execute("UPDATE catalog_product SET title = 'After'")
        # As every import does: the catalogue version goes up with the change,
        # so cached pages give way to it once it is committed.
        writer.execute(
            "INSERT INTO shop_catalogueversion (id, version, changed_at)"
            " VALUES (1, 1, CURRENT_TIMESTAMP)"
            " ON CONFLICT (id) DO UPDATE SET version = version + 1"
        )
        try:
            answers = []

            def read():
                began = time.monotonic()
                status, _, page = Browser(base).open(seed["url"], timeout=10)
                answers.append((status, time.monotonic() - began, page))

            readers = [threading.Thread(target=read) for _ in range(4)]
            for reader in readers:
                reader.start()
            for reader in readers:
                reader.join(timeout=30)
        finally:
            writer.execute("COMMIT")
            writer.close()
        assert len(answers) == 4, "readers were still waiting after 10 s"
        slowest = max(seconds for _, seconds, _ in answers)
        print(f"\n4 readers during a held write: slowest {slowest:.2f}s")
        for status, seconds, page in answers:
            assert status == 200
            assert seconds < 5
            # Readers see the last committed state, never the write under way.
            assert "Before" in page and "After" not in page
        status, _, page = Browser(base).open(seed["url"])
        assert status == 200 and "After" in page

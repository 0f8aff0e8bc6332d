"""A shop of the previous release, filled with rows, migrated to this one.

Shared by tests/ops/test_migrations.py (which counts the SQL statements the
migrations run, at two sizes) and bench/migrations.py (which times them).
Each shop is a new PostgreSQL database next to ``base_url``, dropped after.
"""

import json
import subprocess
import sys
import time
import urllib.parse
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from shop.migration_safety import PREVIOUS_RELEASE
from tests.servers import ROOT, manage, shop_env

FILL = """
INSERT INTO catalog_publisher (name, short_name, slug, website, description)
SELECT 'Publisher ' || i, '', 'publisher-' || i, '', ''
FROM generate_series(1, 200) AS i;
INSERT INTO catalog_product (title, subtitle, slug, format, isbn,
    short_description, description, price, weight_grams, stock,
    allow_backorder, is_published, date_added, updated_at, cover,
    cover_thumbnail, cover_alt, publisher_id, is_featured)
SELECT 'Title ' || i, '', 'title-' || i, 'booklet', '', '',
    repeat('A paragraph of description. ', 20), 4.00 + (i % 50), 100 + i % 400,
    i % 30, false, true, now() - (i || ' minutes')::interval, now(), '', '', '',
    (SELECT min(id) FROM catalog_publisher) + i % 200, i % 97 = 0
FROM generate_series(1, {products}) AS i;
INSERT INTO checkout_order (number, token, created_at, updated_at, status,
    payment_method, email, name, line1, line2, city, region, postcode, country,
    note, subtotal, shipping_method_name, is_collection, shipping_price, total,
    stripe_session_id, stripe_payment_intent, stripe_refund_id,
    tracking_reference, stock_released, needs_attention)
SELECT 'RB' || lpad(i::text, 8, '0'), md5(i::text), now(), now(),
    (ARRAY['awaiting_payment', 'paid', 'shipped', 'cancelled'])[1 + i % 4],
    'bank_transfer', 'buyer' || i || '@example.org', 'Buyer ' || i,
    '1 Example Street', '', 'Bristol', '', 'BS1 1AA', 'GB', '', 8.00,
    'Royal Mail', false, 2.50, 10.50, '', '', '', '', false, false
FROM generate_series(1, {orders}) AS i;
INSERT INTO checkout_orderline (title, byline, unit_price, quantity, line_total,
    stock_taken, order_id, product_id)
SELECT 'Title ' || o.id, '', 4.00, 2, 8.00, 2, o.id,
    (SELECT min(id) FROM catalog_product) + o.id % {products}
FROM checkout_order AS o;
ANALYZE;
"""

# What the previous release's rows held, read before and after migrating:
# every column it had, so a migration that rewrites or loses a value shows.
FINGERPRINT = """
SELECT
  (SELECT count(*) FROM catalog_publisher),
  (SELECT md5(string_agg(concat_ws('|', id, name, slug), ',' ORDER BY id))
     FROM catalog_publisher),
  (SELECT count(*) FROM catalog_product),
  (SELECT md5(string_agg(concat_ws('|', id, title, slug, format, description,
     price, weight_grams, stock, is_published, date_added, publisher_id,
     is_featured), ',' ORDER BY id)) FROM catalog_product),
  (SELECT count(*) FROM checkout_order),
  (SELECT md5(string_agg(concat_ws('|', id, number, token, status,
     payment_method, email, name, postcode, subtotal, shipping_price, total),
     ',' ORDER BY id)) FROM checkout_order),
  (SELECT count(*) FROM checkout_orderline),
  (SELECT md5(string_agg(concat_ws('|', id, order_id, product_id, title,
     unit_price, quantity, line_total, stock_taken), ',' ORDER BY id))
     FROM checkout_orderline)
"""

# Run in the shop's own process: ``migrate`` as a deploy runs it, every SQL
# statement counted (an ``executemany`` counts each of its parameter sets).
MIGRATE_COUNTING = """
import json, time
from django.core.management import call_command
from django.db import connection

statements = 0

def count(execute, sql, params, many, context):
    global statements
    if many:
        params = list(params)
        statements += len(params)
    else:
        statements += 1
    return execute(sql, params, many, context)

began = time.monotonic()
with connection.execute_wrapper(count):
    call_command("migrate", interactive=False, verbosity=1)
print(json.dumps({"statements": statements, "seconds": time.monotonic() - began}))
"""


@dataclass(frozen=True)
class Upgrade:
    products: int
    orders: int
    migrations: int  # applied by this release's migrate
    statements: int  # SQL statements they ran
    seconds: float  # wall time of migrate, including the process start
    before: tuple  # FINGERPRINT of the previous release's rows
    after: tuple  # ... and of the same rows once migrated


def _psycopg_url(url):
    return url.replace("postgres://", "postgresql://", 1)


@contextmanager
def _throwaway_database(base_url):
    import psycopg

    name = f"shop_upgrade_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_psycopg_url(base_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(base_url)
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(_psycopg_url(base_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def upgrade(base_url, *, products, orders) -> Upgrade:
    """Build the previous release with ``products`` and ``orders``; migrate it."""
    import psycopg

    with _throwaway_database(base_url) as url:
        env = shop_env(DATABASE_URL=url)
        manage(
            env,
            "shell",
            "-c",
            "from django.core.management import call_command\n"
            f"for app, name in {PREVIOUS_RELEASE!r}.items():\n"
            "    call_command('migrate', app, name, verbosity=0)",
        )
        with psycopg.connect(_psycopg_url(url)) as conn:
            conn.execute(FILL.format(products=products, orders=orders))
            before = conn.execute(FINGERPRINT).fetchone()
        began = time.monotonic()
        run = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", MIGRATE_COUNTING],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        seconds = time.monotonic() - began
        assert run.returncode == 0, run.stderr
        lines = run.stdout.splitlines()
        counted = json.loads(lines[-1])
        with psycopg.connect(_psycopg_url(url)) as conn:
            after = conn.execute(FINGERPRINT).fetchone()
    return Upgrade(
        products=products,
        orders=orders,
        migrations=sum(1 for x in lines if x.strip().startswith("Applying")),
        statements=counted["statements"],
        seconds=seconds,
        before=before,
        after=after,
    )

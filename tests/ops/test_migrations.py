"""Upgrades run ``migrate`` while the previous release still serves.

New migrations must not break the running code or lock a busy table
(shop/migration_safety.py, docs/deploy.md "Upgrading"), and migrating a
shop-sized database from the previous release must take seconds.
"""

import os
import subprocess
import sys
import time
import urllib.parse
import uuid

import pytest
from django.db import migrations, models
from django.db.models.functions import Now

from shop.migration_safety import PREVIOUS_RELEASE, operation_problem, risky_operations
from tests.conftest import require
from tests.servers import ROOT, manage, shop_env


def test_migrations_since_the_last_release_are_safe_while_it_still_serves():
    assert risky_operations() == []


def _char(**options):
    return models.CharField(max_length=20, **options)


RISKY = {
    "not null, no db default": migrations.AddField("product", "x", _char()),
    "volatile db default": migrations.AddField(
        "product", "x", models.DateTimeField(db_default=Now())
    ),
    "unique column": migrations.AddField("product", "x", _char(null=True, unique=True)),
    "remove": migrations.RemoveField("product", "subtitle"),
    "rename": migrations.RenameField("product", "subtitle", "strapline"),
    "delete model": migrations.DeleteModel("productimage"),
    "index": migrations.AddIndex(
        "product", models.Index(fields=["title"], name="product_title_idx")
    ),
    "constraint": migrations.AddConstraint(
        "product",
        models.CheckConstraint(condition=models.Q(stock__lte=9999), name="c"),
    ),
    "data": migrations.RunPython(migrations.RunPython.noop),
}
SAFE = {
    "nullable": migrations.AddField("product", "x", _char(null=True)),
    "constant db default": migrations.AddField(
        "product", "x", _char(db_default="book")
    ),
    "nullable foreign key": migrations.AddField(
        "product",
        "x",
        models.ForeignKey("catalog.publisher", null=True, on_delete=models.SET_NULL),
    ),
}


@pytest.mark.parametrize("name", RISKY)
def test_the_check_refuses_risky_operations(name):
    assert operation_problem(RISKY[name])


@pytest.mark.parametrize("name", SAFE)
def test_the_check_lets_additive_operations_pass(name):
    assert operation_problem(SAFE[name]) is None


def test_the_check_judges_a_changed_field_by_what_the_database_sees():
    old = models.CharField(max_length=200, blank=True)
    change = migrations.AlterField  # the field as the migration leaves it
    same = models.CharField(max_length=200, blank=True, help_text="new words")
    assert operation_problem(change("product", "subtitle", same), old) is None
    number = change("product", "subtitle", models.IntegerField(null=True))
    assert "type" in operation_problem(number, old)
    nullable = models.CharField(max_length=200, null=True)
    not_null = change("product", "subtitle", models.CharField(max_length=200))
    assert "NOT NULL" in operation_problem(not_null, nullable)
    assert operation_problem(not_null, old, new_model=True) is None


PRODUCTS, ORDERS = 100_000, 50_000
FILL = f"""
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
FROM generate_series(1, {PRODUCTS}) AS i;
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
FROM generate_series(1, {ORDERS}) AS i;
INSERT INTO checkout_orderline (title, byline, unit_price, quantity, line_total,
    stock_taken, order_id, product_id)
SELECT 'Title ' || o.id, '', 4.00, 2, 8.00, 2, o.id,
    (SELECT min(id) FROM catalog_product) + o.id % {PRODUCTS}
FROM checkout_order AS o;
ANALYZE;
"""


@pytest.mark.postgres
def test_a_big_shop_migrates_from_the_previous_release_in_seconds(capsys):
    base = os.environ.get("SHOP_TEST_POSTGRES_URL", "")
    require(base, "SHOP_TEST_POSTGRES_URL is not set (migration timing test)")
    import psycopg

    admin = base.replace("postgres://", "postgresql://", 1)
    name = f"shop_upgrade_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urllib.parse.urlunsplit(urllib.parse.urlsplit(base)._replace(path=f"/{name}"))
    try:
        env = shop_env(DATABASE_URL=url)
        # The previous release's schema, app by app...
        script = (
            "from django.core.management import call_command\n"
            f"for app, name in {PREVIOUS_RELEASE!r}.items():\n"
            "    call_command('migrate', app, name, verbosity=0)"
        )
        manage(env, "shell", "-c", script)
        # ...holding a busy shop's rows...
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            conn.execute(FILL)
        # ...migrated to this release, timed from outside as a deploy runs it.
        began = time.monotonic()
        run = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        took = time.monotonic() - began
        assert run.returncode == 0, run.stderr
        applied = [
            x for x in run.stdout.splitlines() if x.strip().startswith("Applying")
        ]
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            counts = conn.execute(
                "SELECT (SELECT count(*) FROM catalog_product),"
                " (SELECT count(*) FROM checkout_order)"
            ).fetchone()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    with capsys.disabled():
        print(
            f"\nmigrating {PRODUCTS:,} products and {ORDERS:,} orders from the "
            f"previous release: {len(applied)} migrations in {took:.1f}s"
        )
    assert counts == (PRODUCTS, ORDERS)
    assert took < 60

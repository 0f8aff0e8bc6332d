"""Upgrades run ``migrate`` while the previous release still serves.

New migrations must not break the running code or lock a busy table
(shop/migration_safety.py, docs/deploy.md "Upgrading"), and migrating from the
previous release must not work row by row (its time: bench/migrations.py).
"""

import os

import pytest
from django.db import migrations, models
from django.db.models.functions import Now

from shop.migration_safety import operation_problem, risky_operations
from tests.conftest import require
from tests.ops.upgrade import upgrade


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


SMALL, LARGE = (20, 10), (4_000, 2_000)  # products, orders


@pytest.mark.postgres
def test_migrating_from_the_previous_release_runs_no_statement_per_row():
    """A migration touching each row in turn (a loop of saves, a query per
    order) would take minutes on a real shop: what ``migrate`` runs may grow
    only by whole batches (the search index is built 500 products at a time),
    never by a statement per row, and every row comes through unchanged.
    How long it takes is measured by bench/migrations.py.
    """
    base = os.environ.get("SHOP_TEST_POSTGRES_URL", "")
    require(base, "SHOP_TEST_POSTGRES_URL is not set (upgrade test)")

    small = upgrade(base, products=SMALL[0], orders=SMALL[1])
    large = upgrade(base, products=LARGE[0], orders=LARGE[1])

    assert small.migrations > 0
    assert large.migrations == small.migrations
    # 3,980 more products, 1,990 more orders and lines: a handful more
    # statements, where a statement per row would be thousands.
    more_rows = LARGE[0] - SMALL[0]
    assert small.statements <= large.statements <= small.statements + more_rows // 100
    for shop, (products, orders) in ((small, SMALL), (large, LARGE)):
        # Publishers, products, orders and lines: counts, then every old value.
        counts = shop.after[0::2]
        assert counts == (200, products, orders, orders)
        assert shop.after == shop.before

import os
import urllib.parse
import uuid

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition, reason):
    """Skip a test whose tool is missing here; in CI, fail instead: never skip there."""
    if not condition:
        if IN_CI:
            pytest.fail(f"{reason} (CI must run this test)")
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Each test writes covers to its own folder.
    settings.MEDIA_ROOT = tmp_path / "media"


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    return f"shop database: {engine} {db.get('HOST') or ''}".rstrip()


def postgres_base_url():
    """Return SHOP_TEST_POSTGRES_URL; skip without it (fail in CI)."""
    base = os.environ.get("SHOP_TEST_POSTGRES_URL", "")
    require(base, "SHOP_TEST_POSTGRES_URL is not set (PostgreSQL test)")
    return base


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def database_url(request, tmp_path):
    """A fresh, empty database of its own for a server process: a SQLite file,
    then a PostgreSQL database made on SHOP_TEST_POSTGRES_URL's server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shop.sqlite3'}"
        return
    import psycopg

    base = postgres_base_url()
    name = f"shop_test_{uuid.uuid4().hex[:8]}"
    admin = base.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(base)
    yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

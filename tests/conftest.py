import contextlib
import os
import signal
import socket
import urllib.parse
import uuid

import pytest
from django.core.management import call_command

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


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached catalogue fragments are keyed by the catalogue version, which
    # starts again at 0 in every test's fresh database.
    from django.core.cache import cache

    from shop.cache import forget_kept

    cache.clear()
    forget_kept()
    yield
    cache.clear()
    forget_kept()


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


@contextlib.contextmanager
def fresh_postgres_database(prefix="shop_test"):
    """Make an empty PostgreSQL database on SHOP_TEST_POSTGRES_URL's server,
    give its URL, and drop it afterwards (skips without a server; fails in CI)."""
    import psycopg

    base = postgres_base_url()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = base.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(base)
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def database_url(request, tmp_path):
    """A fresh, empty database of its own for a server process: a SQLite file,
    then a PostgreSQL database made on SHOP_TEST_POSTGRES_URL's server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shop.sqlite3'}"
        return
    with fresh_postgres_database() as url:
        yield url


# The outbox's worker, run for real.

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    """Tasks stored in the database, as in production, run by ``run_worker``."""
    settings.TASKS = DATABASE_BACKEND


@pytest.fixture
def run_worker(database_tasks):
    """Run the real ``db_worker`` until no task is due, as cron or systemd would."""

    def run():
        saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            call_command(
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--no-reload",
                "--interval=0",
                verbosity=0,
            )
        finally:
            # The worker installs its own shutdown handlers; give pytest its own.
            for number, handler in saved.items():
                signal.signal(number, handler)

    return run


@pytest.fixture
def mail_server_down(settings):
    """Point the mailer at a local port where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    down = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed, "timeout": 2},
        }
    }
    working = settings.MAILERS
    settings.MAILERS = down

    def back_up():
        settings.MAILERS = working

    return back_up

import os
import signal
import socket

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


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    return f"shop database: {engine} {db.get('HOST') or ''}".rstrip()


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

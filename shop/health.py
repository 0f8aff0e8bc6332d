"""Health checks for a load balancer or monitor: ``/healthz`` and ``/readyz``.

Answered by a middleware at the top of the stack, before host validation,
the HTTPS redirect, sessions and CSRF: a balancer probes by IP over plain
HTTP, and a probe must not create a session row. Answers are never cached
and name no host, URL or error text, only which part is unavailable.
"""

import json
import logging

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpResponse

logger = logging.getLogger(__name__)

PROBE_KEY = "readyz-probe"
_known_migrations = None


def _migrations_on_disk():
    # Reading the migration files once per process is enough: they only
    # change with a deploy, which restarts the process.
    global _known_migrations
    if _known_migrations is None:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        _known_migrations = set(loader.disk_migrations)
    return _known_migrations


def check_database():
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True


def check_migrations():
    applied = MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()
    return _migrations_on_disk() <= set(applied)


def check_cache():
    cache.set(PROBE_KEY, "ok", timeout=30)
    return cache.get(PROBE_KEY) == "ok"


def check_storage():
    bucket = getattr(default_storage, "bucket", None)
    if bucket is not None:
        # S3: one HEAD request, which fails for a wrong bucket or key too.
        bucket.meta.client.head_bucket(Bucket=bucket.name)
    else:
        # On disk the answer does not matter, only that the folder answered.
        default_storage.exists("readyz-probe")
    return True


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "storage": check_storage,
}


def readiness():
    """Return {check: "ok" | "unavailable"} for every dependency."""
    results = {}
    for name, check in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "unknown"
            continue
        try:
            ok = check()
        except Exception:
            # Logged for the operator; the answer itself stays free of
            # details (URLs, hosts, messages) that could leak configuration.
            logger.exception("Readiness check %s failed", name)
            ok = False
        results[name] = "ok" if ok else "unavailable"
    return results


def _answer(body, status):
    response = HttpResponse(
        json.dumps(body), status=status, content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answer ``/healthz`` (alive) and ``/readyz`` (able to serve) directly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return _answer({"status": "ok"}, 200)
        if request.path == "/readyz":
            try:
                checks = readiness()
            finally:
                # Do not keep a broken connection for the next probe.
                connections[DEFAULT_DB_ALIAS].close_if_unusable_or_obsolete()
            ready = all(result == "ok" for result in checks.values())
            body = {"status": "ready" if ready else "unready", "checks": checks}
            return _answer(body, 200 if ready else 503)
        return self.get_response(request)

"""Run the same work from many threads at once against a real database.

Each thread has its own connection (Django opens one per thread), so the
database, not Python, decides who wins: the way two gunicorn threads race.
``race`` migrates a fresh database (``tests.conftest.database_url``: SQLite,
then PostgreSQL) and runs, in ``manage.py shell``, the caller's ``setup``
script, which must define ``work(n)`` (one thread's try) and ``report()``
(a dict of what the database holds afterwards). Every thread waits at a
barrier before calling ``work``, so they start together; an exception that
escapes ``work`` is collected under ``"errors"`` (expected refusals should be
caught inside ``work``).
"""

from tests.gunicorn_shop import manage, shell, shop_env

HARNESS = """
import json as _json, threading as _threading
from django.db import connection as _connection

_barrier = _threading.Barrier(%(threads)d)
_errors = []

def _run(n):
    try:
        _barrier.wait()
        work(n)
    except Exception as error:
        _errors.append(repr(error))
    finally:
        _connection.close()

_threads = [_threading.Thread(target=_run, args=(n,)) for n in range(%(threads)d)]
for _t in _threads:
    _t.start()
for _t in _threads:
    _t.join()
print(_json.dumps({**report(), "errors": _errors}))
"""


def race(database_url: str, *, setup: str, threads: int) -> dict:
    """Run ``work(0)`` … ``work(threads - 1)`` at once; return ``report()``."""
    env = shop_env(database_url)
    manage(env, "migrate", "--no-input")
    return shell(env, setup + HARNESS % {"threads": threads})

"""Gunicorn settings: ``gunicorn -c python:shop.gunicorn shop.wsgi``.

Sync workers, two per core and one more, by default: measured with
``bench/load.py`` on a 2-core machine, four threads per worker answered
cached pages at a similar CPU cost per request but spent 15% more CPU on an
add-to-cart and cart page pair (31.5 ms against 27.6 ms), and threads share
one interpreter lock. Spare processes cover the time a request waits on the
database instead. Override with GUNICORN_* variables.
"""

import multiprocessing
import os

from gunicorn.http.wsgi import Response

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(
    os.environ.get("GUNICORN_WORKERS", 2 * min(4, multiprocessing.cpu_count()) + 1)
)
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# The shop logs each request itself (shop.request_log, with its request id
# and query count); gunicorn's own access log would say it twice.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Recent gunicorn opens a control socket in $HOME; systemd's signals do that
# job (reload = HUP), the unit's home is read-only, and two servers on one
# machine would share the one path.
control_socket_disable = True


def _without_server_header(default_headers):
    def headers(self):
        return [h for h in default_headers(self) if not h.startswith("Server:")]

    return headers


# Gunicorn names itself in a Server header on every answer and has no setting
# to leave it out; a scanner need not learn what serves the shop.
Response.default_headers = _without_server_header(Response.default_headers)

"""Gunicorn settings: ``gunicorn -c python:shop.gunicorn shop.wsgi``.

Threads suit a small server: requests mostly wait on the database, and
each worker process costs memory. Override with GUNICORN_* variables.
"""

import multiprocessing
import os

from gunicorn.http.wsgi import Response

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
accesslog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def _without_server_header(default_headers):
    def headers(self):
        return [h for h in default_headers(self) if not h.startswith("Server:")]

    return headers


# Gunicorn names itself in a Server header on every answer and has no setting
# to leave it out; a scanner need not learn what serves the shop.
Response.default_headers = _without_server_header(Response.default_headers)

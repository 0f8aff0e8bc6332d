"""Gunicorn settings: ``gunicorn -c python:shop.gunicorn shop.wsgi``.

Threads suit a small server: requests mostly wait on the database, and
each worker process costs memory. Override with GUNICORN_* variables.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# The shop logs each request itself (shop.request_log, with its request id
# and query count); gunicorn's own access log would say it twice.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Recent gunicorn opens a control socket in $HOME; systemd's signals do that
# job (reload = HUP), the unit's home is read-only, and two servers on one
# machine would share the one path.
control_socket_disable = True

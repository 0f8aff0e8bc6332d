"""One log line per request, and a request id on every log record.

The id comes from the proxy's ``X-Request-ID`` when it looks like one (so a
line in Caddy's log and one here can be matched), else a fresh one; it goes
back in the response's ``X-Request-ID``, onto every record logged while the
request runs (error reports included), and along with tasks enqueued for the
email worker: enqueue with ``request_id=current_request_id()`` and the worker
logs the task under that id (``bind_task_request_ids``).
"""

import json
import logging
import re
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from django.db import connection
from django.tasks.signals import task_finished, task_started

logger = logging.getLogger("shop.requests")

_request_id: ContextVar[str] = ContextVar("request_id", default="")
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "queries")


def current_request_id() -> str:
    """Return the id of the request (or task) being handled, or ''."""
    return _request_id.get()


@contextmanager
def bound_request_id(request_id: str | None):
    """Log under ``request_id`` within the block (for a worker running a task)."""
    if not request_id or not SANE_REQUEST_ID.fullmatch(request_id):
        request_id = uuid.uuid4().hex
    token = _request_id.set(request_id)
    try:
        yield request_id
    finally:
        _request_id.reset(token)


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestLogMiddleware:
    """Log method, path, status, duration and SQL query count per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with bound_request_id(request.META.get("HTTP_X_REQUEST_ID")) as request_id:
            request.request_id = request_id
            counter = _QueryCounter()
            started = time.perf_counter()
            status = 500
            try:
                with connection.execute_wrapper(counter):
                    response = self.get_response(request)
                status = response.status_code
                response["X-Request-ID"] = request_id
                return response
            finally:
                duration_ms = round((time.perf_counter() - started) * 1000, 1)
                logger.info(
                    "%s %s %s %sms %s queries",
                    request.method,
                    request.path,
                    status,
                    duration_ms,
                    counter.count,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": status,
                        "duration_ms": duration_ms,
                        "queries": counter.count,
                    },
                )


class RequestIdFilter(logging.Filter):
    """Give every record a ``request_id`` ('-' outside any request)."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """Write each record as one JSON object on one line."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


_task_tokens = {}


def _task_started(sender, task_result, **kwargs):
    # A task enqueued from a request carries its id; any other task is
    # logged under its own result id, so its lines still group together.
    passed = task_result.kwargs.get("request_id") or ""
    if not SANE_REQUEST_ID.fullmatch(passed):
        passed = current_request_id() or task_result.id
    _task_tokens[task_result.id] = _request_id.set(passed)


def _task_finished(sender, task_result, **kwargs):
    token = _task_tokens.pop(task_result.id, None)
    if token is not None:
        _request_id.reset(token)


def bind_task_request_ids():
    """Log every task, wherever it runs, under the id it was enqueued with."""
    task_started.connect(_task_started, dispatch_uid="shop-task-request-id")
    task_finished.connect(_task_finished, dispatch_uid="shop-task-request-id")

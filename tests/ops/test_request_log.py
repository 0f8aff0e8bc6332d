"""One log line per request, with a request id that follows the request."""

import io
import json
import logging

import pytest
from django.db import connection
from django.tasks import task
from django.test.utils import CaptureQueriesContext

from shop.request_log import JsonFormatter, RequestIdFilter, bound_request_id
from tests.factories import make_product


def _request_lines(caplog):
    return [r for r in caplog.records if r.name == "shop.requests"]


@pytest.mark.django_db
def test_each_request_logs_one_line_with_status_duration_and_queries(client, caplog):
    product = make_product(title="Rent Strike")
    caplog.set_level(logging.INFO, logger="shop.requests")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    [line] = _request_lines(caplog)
    assert line.method == "GET"
    assert line.path == product.get_absolute_url()
    assert line.status == 200
    assert line.queries == len(queries) > 0
    assert 0 < line.duration_ms < 10_000
    assert line.request_id == response["X-Request-ID"]
    assert line.getMessage() == (
        f"GET {line.path} 200 {line.duration_ms}ms {len(queries)} queries"
    )


@pytest.mark.django_db
def test_a_sane_request_id_from_the_proxy_is_kept(client, caplog):
    caplog.set_level(logging.INFO, logger="shop.requests")
    response = client.get("/healthz", HTTP_X_REQUEST_ID="caddy-5f2b9c1e")
    assert response["X-Request-ID"] == "caddy-5f2b9c1e"
    assert _request_lines(caplog)[0].request_id == "caddy-5f2b9c1e"


@pytest.mark.parametrize(
    "sent", ["", "x" * 65, "a b", "id\nFAKE LOG LINE", "<script>", "ünïcode"]
)
@pytest.mark.django_db
def test_an_insane_request_id_is_replaced_by_a_fresh_one(client, caplog, sent):
    caplog.set_level(logging.INFO, logger="shop.requests")
    first = client.get("/healthz", HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
    second = client.get("/healthz", HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
    assert first != sent and len(first) == 32 and first.isalnum()
    assert first != second
    assert [r.request_id for r in _request_lines(caplog)] == [first, second]


def test_an_error_report_carries_the_request_id_shown_to_the_shopper(
    client, settings, caplog
):
    settings.ROOT_URLCONF = "tests.catalog.failing_urls"
    client.raise_request_exception = False
    caplog.set_level(logging.INFO)
    response = client.get("/broken/", HTTP_X_REQUEST_ID="report-me-42")
    assert response.status_code == 500
    assert "please quote reference <code>report-me-42</code>" in response.text
    [error] = [r for r in caplog.records if r.name == "django.request"]
    assert error.levelno == logging.ERROR and error.exc_info
    assert RequestIdFilter().filter(error) and error.request_id == "report-me-42"
    [line] = _request_lines(caplog)
    assert (line.status, line.request_id) == (500, "report-me-42")


def _json_handler():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    return stream, handler


@pytest.mark.django_db
def test_json_lines_hold_the_request_fields(client):
    stream, handler = _json_handler()
    logger = logging.getLogger("shop.requests")
    logger.addHandler(handler)
    try:
        client.get("/no-such-page/", HTTP_X_REQUEST_ID="json-1")
    finally:
        logger.removeHandler(handler)
    [entry] = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert entry["request_id"] == "json-1"
    assert (entry["method"], entry["path"], entry["status"]) == (
        "GET",
        "/no-such-page/",
        404,
    )
    assert isinstance(entry["queries"], int) and entry["duration_ms"] >= 0
    assert entry["level"] == "INFO" and entry["time"].endswith("+00:00")


def test_a_worker_logs_under_the_request_id_it_was_given():
    stream, handler = _json_handler()
    logger = logging.getLogger("shop.test_worker")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with bound_request_id("from-the-request"):
            logger.info("sending")
        with bound_request_id(None) as fresh:
            logger.info("no id given")
    finally:
        logger.removeHandler(handler)
    first, second = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert first["request_id"] == "from-the-request"
    assert second["request_id"] == fresh and len(fresh) == 32


@task
def log_from_a_task(*, note, request_id=""):
    logging.getLogger("shop.test_worker").info("task says %s", note)


def test_a_task_logs_under_the_request_id_it_was_enqueued_with(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    stream, handler = _json_handler()
    logger = logging.getLogger("shop.test_worker")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        log_from_a_task.enqueue(note="one", request_id="from-the-request")
        result = log_from_a_task.enqueue(note="two")
        logger.info("after the tasks")
    finally:
        logger.removeHandler(handler)
    one, two, after = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert (one["message"], one["request_id"]) == ("task says one", "from-the-request")
    assert (two["message"], two["request_id"]) == ("task says two", result.id)
    assert after["request_id"] == "-"  # nothing left bound once the task ends

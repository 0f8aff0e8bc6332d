"""/healthz says the process is up; /readyz whether it can serve shoppers."""

import json
import urllib.error
import urllib.request

import pytest

from tests.servers import Gunicorn, Postgres, Redis, manage, shop_env


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(
    client, settings, django_assert_num_queries
):
    settings.ALLOWED_HOSTS = ["shop.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    # A balancer probes by IP over plain HTTP: no host check, no redirect.
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_ready_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "status": "ready",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "cache": "ok",
            "storage": "ok",
        },
    }
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_readyz_is_unready_while_a_migration_is_not_applied(client):
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder.Migration.objects.filter(
        app="catalog", name="0002_product_is_featured"
    ).delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "unavailable"


def _readyz(base):
    try:
        response = urllib.request.urlopen(base + "/readyz", timeout=15)
        status, body = response.status, response.read()
        cache_control = response.headers["Cache-Control"]
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
        cache_control = error.headers["Cache-Control"]
    assert cache_control == "no-store"
    return status, json.loads(body)


@pytest.fixture
def stack(tmp_path):
    """One gunicorn with its own PostgreSQL and Redis, each stoppable."""
    postgres = Postgres().start()
    redis = Redis().start()
    try:
        database = postgres.create_database("shop")
        env = shop_env(DATABASE_URL=database, REDIS_URL=redis.url)
        manage(env, "migrate", "--no-input")
        server = Gunicorn(env, tmp_path / "gunicorn.log", workers=1, threads=2)
        yield server.start(), postgres, redis
    finally:
        if "server" in locals():
            server.stop()
        redis.stop()
        postgres.remove()


def test_readyz_follows_postgresql_and_redis_going_away_and_coming_back(stack):
    server, postgres, redis = stack
    assert _readyz(server.base) == (200, _ready())

    postgres.stop()
    status, body = _readyz(server.base)
    assert status == 503
    assert body["checks"]["database"] == "unavailable"
    assert body["checks"]["cache"] == "ok"
    # Nothing about the setup leaks: no host, port or error text.
    assert "127.0.0.1" not in json.dumps(body) and "shop" not in json.dumps(body)
    assert urllib.request.urlopen(server.base + "/healthz").status == 200

    postgres.start()
    assert _readyz(server.base) == (200, _ready())

    redis.stop()
    status, body = _readyz(server.base)
    assert status == 503
    assert body["checks"] == _ready()["checks"] | {"cache": "unavailable"}
    # Unready, yet still selling: without Redis every cache read misses.
    home = urllib.request.urlopen(server.base + "/", timeout=15)
    assert home.status == 200 and "Radical Books" in home.read().decode()

    redis.start()
    assert _readyz(server.base) == (200, _ready())


def _ready():
    checks = ("database", "migrations", "cache", "storage")
    return {"status": "ready", "checks": dict.fromkeys(checks, "ok")}

"""The shared cache: Redis when REDIS_URL is set, memory otherwise."""

import pytest

from tests.servers import Redis, manage, shop_env

pytestmark = pytest.mark.django_db

WRITE = "from django.core.cache import cache; cache.set('probe', 'from one', 60)"
READ = "from django.core.cache import cache; print(cache.get('probe'))"


@pytest.fixture(scope="module")
def redis():
    server = Redis().start()
    yield server
    server.stop()


def test_with_redis_url_one_process_reads_what_another_cached(redis):
    env = shop_env(REDIS_URL=redis.url)
    manage(env, "shell", "-c", WRITE)
    assert manage(env, "shell", "-c", READ).splitlines()[-1] == "from one"


def test_without_redis_url_each_process_keeps_its_own_cache():
    env = shop_env(REDIS_URL="")
    manage(env, "shell", "-c", WRITE)
    assert manage(env, "shell", "-c", READ).splitlines()[-1] == "None"


def test_a_redis_outage_is_a_cache_miss_not_an_error(settings, client):
    from django.core.cache import cache

    from tests.servers import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "shop.redis_cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nobody there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    cache.set("key", "value")
    assert cache.get("key", "missed") == "missed"
    assert cache.add("key", "value") is False
    assert client.get("/").status_code == 200
    assert client.get("/readyz").json()["checks"]["cache"] == "unavailable"

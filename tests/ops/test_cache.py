"""The shared cache: Redis when REDIS_URL is set, and a catalogue version
that every server sees move when staff change the catalogue."""

from decimal import Decimal

import pytest
from django.core.cache.backends.redis import RedisCache

from shop.cache import CATALOGUE_VERSION_KEY, catalogue_key, catalogue_version
from tests.catalog.test_admin import change_url, product_form_data
from tests.catalog.test_import import run
from tests.factories import make_product
from tests.servers import Redis, manage, shop_env

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def redis():
    server = Redis().start()
    yield server
    server.stop()


@pytest.fixture
def shared_cache(redis, settings):
    """Make Redis this process's cache; return another server's view of it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis.url,
            "KEY_PREFIX": "shop",
        }
    }
    from django.core.cache import cache

    cache.clear()
    return RedisCache(redis.url, {"KEY_PREFIX": "shop"})


def test_settings_use_redis_when_redis_url_is_set_and_memory_otherwise(redis):
    script = "from django.conf import settings; print(settings.CACHES['default'])"
    with_redis = manage(shop_env(REDIS_URL=redis.url), "shell", "-c", script)
    without = manage(shop_env(REDIS_URL=""), "shell", "-c", script)
    assert "RedisCache" in with_redis and redis.url in with_redis
    assert "LocMemCache" in without


def test_a_price_changed_in_admin_moves_the_version_every_server_reads(
    admin_client, shared_cache, django_capture_on_commit_callbacks
):
    product = make_product(title="Anarchy in Action", slug="anarchy-in-action")
    before = catalogue_version()
    other_server_key = shared_cache.get(CATALOGUE_VERSION_KEY)
    assert other_server_key == before
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url(product), product_form_data())
    assert response.status_code == 302
    assert product.__class__.objects.get().price == Decimal("9.99")
    assert shared_cache.get(CATALOGUE_VERSION_KEY) > before
    assert catalogue_key("new-products") != f"catalogue:{before}:new-products"


def test_an_import_moves_the_version_and_a_dry_run_does_not(
    shared_cache, tmp_path, django_capture_on_commit_callbacks
):
    csv = tmp_path / "products.csv"
    csv.write_text(
        "title,authors,publisher,format,isbn,price,stock,categories\n"
        "Bread and Roses,Jane Doe,,booklet,,3.00,5,\n"
    )
    before = catalogue_version()
    with django_capture_on_commit_callbacks(execute=True):
        run(csv, "--dry-run")
    assert shared_cache.get(CATALOGUE_VERSION_KEY) == before
    with django_capture_on_commit_callbacks(execute=True):
        run(csv)
    assert shared_cache.get(CATALOGUE_VERSION_KEY) > before


def test_a_lost_version_restarts_far_from_any_old_one(shared_cache):
    old = catalogue_version()
    shared_cache.delete(CATALOGUE_VERSION_KEY)  # Redis restarted or evicted it
    assert catalogue_version() > old

#!/usr/bin/env python
"""Time the shop's pages and count their SQL queries on a catalogue of N products.

    .venv/bin/python bench/pages.py [--products 500] [--requests 200]

Builds a throwaway SQLite database (demo data plus N generated products),
then requests each page in-process with Django's test client and prints the
median and 95th-percentile times and the query count. Nothing is timed in
the test suite; this is where performance is measured.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(db_path, database_url=None):
    """Set Django up on ``database_url``, else on a SQLite file at ``db_path``."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="shop.settings",
        DJANGO_SECRET_KEY="bench-only",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        EMAIL_URL="consolemail://",
        SHOP_URL="http://testserver",
        DATABASE_URL=database_url or f"sqlite:///{db_path}",
        MEDIA_ROOT=str(Path(db_path).parent / "media"),
    )
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    settings.STATIC_ROOT = None  # nothing collected: WhiteNoise would warn


def build_catalogue(extra):
    from decimal import Decimal

    from django.core.management import call_command

    from catalog.models import Category, Product, Publisher

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    publisher = Publisher.objects.first()
    category = Category.objects.first()
    products = Product.objects.bulk_create(
        Product(
            title=f"Bench pamphlet {i}",
            slug=f"bench-pamphlet-{i}",
            price=Decimal("3.50"),
            weight_grams=90,
            stock=5,
            publisher=publisher,
            description="A pamphlet for measuring. " * 20,
        )
        for i in range(extra)
    )
    if category:
        category.products.add(*products)
    # bulk_create sends no signals: write their search text as an import would.
    call_command("reindex_search", verbosity=0)


def pages():
    from django.urls import reverse

    from catalog.models import Category, Contributor, Product, Publisher

    product = Product.objects.get(slug="the-truth-about-trotsky")
    category = Category.objects.first()
    publisher = Publisher.objects.first()
    contributor = Contributor.objects.first()
    return {
        "home": reverse("catalog:home"),
        "product": product.get_absolute_url(),
        "new products": reverse("catalog:new_products"),
        "category": category.get_absolute_url(),
        "publisher": publisher.get_absolute_url(),
        "contributor": contributor.get_absolute_url(),
        "search Trotsky": reverse("catalog:search") + "?q=Trotsky",
        "search pamphlet": reverse("catalog:search") + "?q=pamphlet",
        "search trotksy (misspelled)": reverse("catalog:search") + "?q=trotksy",
        "cart (empty)": reverse("cart:detail"),
        "sitemap.xml": "/sitemap.xml",
    }


def measure(client, url, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        # Not len(queries): outside DEBUG its list is empty once the context exits.
        "queries": queries.final_queries - queries.initial_queries,
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.test import Client

        build_catalogue(args.products)
        client = Client()
        print(f"{args.products} extra products, {args.requests} requests a page\n")
        print("| page | status | KiB | queries | p50 ms | p95 ms |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name, url in pages().items():
            r = measure(client, url, args.requests)
            print(
                f"| {name} | {r['status']} | {r['bytes'] / 1024:.1f} | {r['queries']} "
                f"| {r['p50']:.1f} | {r['p95']:.1f} |"
            )


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Build a benchmark catalogue of N products and probe its pages in-process.

    DATABASE_URL=… .venv/bin/python bench/catalogue.py --size 5000 [--reuse]

Run by ``bench/load.py`` (and ``bench/orders.py``) with the server's
environment. It migrates, loads the demo catalogue, adds generated products
in bulk until there are ``--size`` of them, then requests every page once
with Django's test client to count its SQL queries, prepares a session that
has reached the checkout review, and prints one JSON object for the caller.
"""

import argparse
import json
import os
import random
import re
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BATCH = 5000
# Words for generated titles: a search for "trotsky" finds about 1 in 60.
WORDS = (
    "workers councils strike general solidarity mutual aid commune federation "
    "revolution history struggle land freedom bread roses union rank file "
    "anarchy syndicalism autonomy ecology feminism prison abolition housing "
    "rent tenants dockers miners riot uprising printers pamphlet manifesto "
    "bristol london paris barcelona kronstadt makhno trotsky kropotkin goldman "
    "bakunin malatesta luxemburg pankhurst chartists levellers diggers luddites "
    "rebels radicals women children cities fields factories schools memory"
).split()


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    import django

    django.setup()


def build(size, *, reuse):
    """Make the catalogue hold ``size`` published products; return the seconds taken."""
    from django.core.management import call_command

    from catalog import search
    from catalog.models import Category, Contributor, Credit, Product, Publisher

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if reuse and Product.objects.count() == size:
        return 0.0
    call_command("load_demo", verbosity=0)
    have = Product.objects.count()
    if have > size:
        raise SystemExit(f"the database already holds {have} products (> {size})")
    rng = random.Random(size)
    publishers = list(Publisher.objects.all()) + Publisher.objects.bulk_create(
        Publisher(name=f"Bench Press {i}", slug=f"bench-press-{i}") for i in range(40)
    )
    contributors = list(Contributor.objects.all()) + Contributor.objects.bulk_create(
        Contributor(
            name=f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {i}",
            slug=f"bench-contributor-{i}",
        )
        for i in range(max(10, size // 20))
    )
    categories = list(Category.objects.all())
    now = time.time()
    through = Product.categories.through
    created = []
    for start in range(have, size, BATCH):
        batch = []
        for i in range(start, min(size, start + BATCH)):
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
            batch.append(
                Product(
                    title=title.capitalize(),
                    slug=f"bench-{i}",
                    format=rng.choice(Product.Format.values),
                    page_count=rng.randint(8, 400),
                    publisher=rng.choice(publishers),
                    year=rng.randint(1970, 2026),
                    short_description=f"A {title} for the bench.",
                    description=" ".join(rng.choice(WORDS) for _ in range(120)),
                    price=Decimal(rng.randint(100, 3000)) / 100,
                    weight_grams=rng.randint(20, 900),
                    stock=rng.randint(0, 50),
                    allow_backorder=rng.random() < 0.1,
                    is_published=rng.random() < 0.97,
                    # Older than the demo's products, so the demo's New
                    # products block (and the seed page) stays as it is.
                    date_added=_aware(now - 86400 * (60 + rng.randint(0, 3650))),
                )
            )
        products = Product.objects.bulk_create(batch)
        created += [p.pk for p in products]
        Credit.objects.bulk_create(
            Credit(product=p, contributor=c, position=n)
            for p in products
            for n, c in enumerate(rng.sample(contributors, rng.randint(1, 2)))
        )
        through.objects.bulk_create(
            through(product=p, category=c)
            for p in products
            for c in rng.sample(categories, rng.randint(1, 2))
        )
    # bulk_create sends no signals: index the new products as an import does.
    indexing = time.perf_counter()
    search.index_products(created)
    print(
        f"search index: {len(created)} products in "
        f"{time.perf_counter() - indexing:.1f} s",
        file=sys.stderr,
    )
    return time.perf_counter() - started


def _aware(timestamp):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(timestamp, UTC)


def pages():
    """Return the GET pages to load, by name (the cart pair and review aside)."""
    from django.conf import settings

    from catalog import selectors
    from catalog.models import Category, Product

    product = Product.objects.get(slug="the-truth-about-trotsky")
    # The demo's "Books" holds most subjects: the biggest list of all.
    biggest = Category.objects.get(slug="books")
    listed = selectors.products_in_category(biggest).count()
    last_page = max(1, -(-listed // settings.PRODUCTS_PER_PAGE))
    return {
        "bare view": "/bench/bare/",
        "product": product.get_absolute_url(),
        "category, page 1": biggest.get_absolute_url(),
        f"category, page {min(4000, last_page)}": biggest.get_absolute_url()
        + f"?page={min(4000, last_page)}",
        "home": "/",
        "new products": "/new-products/",
        "search hit (trotsky)": "/search/?q=trotsky",
        "search miss": "/search/?q=zqxjkv",
        "search misspelt (trotksy)": "/search/?q=trotksy",
        "sitemap.xml (index)": "/sitemap.xml",
        "sitemap, products page 1": "/sitemap-products.xml?p=1",
    }, product


def count_queries(client, method, url, **kwargs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
    # Not len(queries): outside DEBUG its list is empty once the context exits.
    return response, queries.final_queries - queries.initial_queries


def checkout_session(client, product):
    """Bring ``client`` to the checkout review; return the review's query count."""
    client.post("/cart/add/", {"product": product.pk, "quantity": 1})
    form = client.get("/checkout/details/").content.decode()
    method = re.search(r'name="shipping_method" value="(\d+)"', form).group(1)
    response = client.post(
        "/checkout/details/",
        {
            "email": "bench@example.org",
            "name": "Bench Buyer",
            "line1": "1 Example Street",
            "city": "Bristol",
            "postcode": "BS1 1AA",
            "country": "GB",
            "shipping_method": method,
            "payment_method": "bank_transfer",
            "accept_terms": "on",
        },
    )
    if response.status_code != 302:
        raise SystemExit("the bench could not fill in the checkout details")
    response, queries = count_queries(client, "get", "/checkout/review/")
    if response.status_code != 200:
        raise SystemExit(f"checkout review answered {response.status_code}")
    return queries


def probe():
    """Count each page's queries; return them and what the load needs."""
    from django.core.cache import cache
    from django.test import Client

    urls, product = pages()
    client = Client()
    queries, status = {}, {}
    for name, url in urls.items():
        # Cold: nothing cached (the first visitor after a catalogue change);
        # warm: as the loaded server mostly answers.
        cache.clear()
        _, cold = count_queries(client, "get", url)
        response, warm = count_queries(client, "get", url)
        queries[name] = f"{cold} / {warm}"
        status[name] = response.status_code
    # The pair as a new visitor makes it: add (creating the cart), then the cart.
    visitor = Client()
    _, added = count_queries(
        visitor, "post", "/cart/add/", data={"product": product.pk, "quantity": 1}
    )
    _, cart_page = count_queries(visitor, "get", "/cart/")
    queries["add to cart + cart page"] = added + cart_page
    buyer = Client()
    buyer.get(product.get_absolute_url())
    queries["checkout review"] = checkout_session(buyer, product)
    buyer.get(product.get_absolute_url())
    _, queries["product, shopper with a cart (no page cache)"] = count_queries(
        buyer, "get", product.get_absolute_url()
    )
    _, queries["search, new words each time (no page cache)"] = count_queries(
        client, "get", "/search/?q=strike+miners&n=1"
    )
    return {
        "urls": urls,
        "status": status,
        "queries": queries,
        "product_id": product.pk,
        "buyer_cookie": "; ".join(f"{k}={v.value}" for k, v in buyer.cookies.items()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    setup_django()
    seconds = build(args.size, reuse=args.reuse)
    result = probe() | {"build_seconds": round(seconds, 1)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()

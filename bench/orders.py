#!/usr/bin/env python
"""Eight buyers place orders at once for a while; count orders/s, check stock.

    .venv/bin/python bench/orders.py --pg-url postgres://shop@127.0.0.1:5432/postgres
    .venv/bin/python bench/orders.py --db sqlite --buyers 8 --duration 10

Each buyer is a process that, until ``--duration`` ends, fills a cart with
one to three of a few hot products (so buyers fight over the same rows) and
places the order through ``checkout.services.place_order``, as the checkout
view does. At the end it checks that no product was oversold: every
product's stock is its starting stock less what the orders took, and never
below zero.
"""

import argparse
import multiprocessing
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from load import DATA, PYTHON, ROOT, database_url, server_env  # noqa: E402

HOT_PRODUCTS = 10
START_STOCK = 100_000


def setup(env):
    os.environ.update(env | {"EMAIL_URL": "dummymail://"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(env):
    """Migrate, load the demo's postage, and stock the hot products."""
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [PYTHON, "manage.py", "load_demo", "--if-empty"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    setup(env)
    from catalog.models import Product

    hot = list(Product.objects.order_by("pk")[:HOT_PRODUCTS])
    Product.objects.filter(pk__in=[p.pk for p in hot]).update(
        stock=START_STOCK, allow_backorder=False, is_published=True
    )
    return [p.pk for p in hot]


def buyer(env, hot, deadline, seed, results):
    setup(env)
    from django.db import close_old_connections

    from cart.models import Cart, CartLine
    from cart.totals import cart_totals
    from catalog.models import Product
    from checkout import review, services

    rng = random.Random(seed)
    products = list(Product.objects.filter(pk__in=hot))
    address = {
        "email": "buyer@example.org",
        "name": "Bench Buyer",
        "line1": "1 Example Street",
        "city": "Bristol",
        "postcode": "BS1 1AA",
    }
    placed = refused = 0
    while time.monotonic() < deadline:
        cart = Cart.objects.create(country="GB")
        CartLine.objects.bulk_create(
            CartLine(cart=cart, product=p, quantity=rng.randint(1, 3))
            for p in rng.sample(products, rng.randint(1, 3))
        )
        totals = cart_totals(cart)
        snap = review.snapshot(totals)
        try:
            services.place_order(
                cart=cart,
                details=services.OrderDetails(
                    **address,
                    country="GB",
                    shipping_method=totals.method.pk,
                    payment_method="bank_transfer",
                ),
                checkout_token=f"bench-{seed}-{placed}-{refused}",
                expected_fingerprint=review.fingerprint(snap),
                reviewed=snap,
            )
            placed += 1
        except services.CheckoutError:
            refused += 1
    close_old_connections()
    results.put((placed, refused))


def check_stock(hot):
    from django.db.models import Sum

    from catalog.models import Product
    from checkout.models import OrderLine

    problems = []
    for product in Product.objects.filter(pk__in=hot):
        taken = (
            OrderLine.objects.filter(product=product).aggregate(n=Sum("stock_taken"))[
                "n"
            ]
            or 0
        )
        if product.stock < 0 or product.stock != START_STOCK - taken:
            problems.append(f"{product}: stock {product.stock}, orders took {taken}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="postgres", choices=["postgres", "sqlite"])
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://shop@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--buyers", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    url = database_url(args.db, "orders", args.pg_url, reuse=False)
    env = server_env(url, DATA / "media")
    hot = prepare(env)
    from django.db import connections

    connections.close_all()  # the buyers fork: each opens its own connection
    results = multiprocessing.get_context("fork").Queue()
    started = time.monotonic()
    deadline = started + args.duration
    buyers = [
        multiprocessing.get_context("fork").Process(
            target=buyer, args=(env, hot, deadline, n, results)
        )
        for n in range(args.buyers)
    ]
    for process in buyers:
        process.start()
    counts = [results.get() for _ in buyers]
    for process in buyers:
        process.join()
    elapsed = time.monotonic() - started
    placed = sum(p for p, _ in counts)
    refused = sum(r for _, r in counts)
    problems = check_stock(hot)
    print(
        f"{args.db}: {args.buyers} buyers, {elapsed:.1f} s: {placed} orders "
        f"({placed / elapsed:.1f}/s), {refused} refused; "
        + ("stock adds up, nothing oversold" if not problems else "OVERSOLD")
    )
    for problem in problems:
        print("  ", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Time My account for a customer with few and many orders, and stock alerts.

    .venv/bin/python bench/accounts.py [--orders 200] [--alerts 2000] [--requests 100]

Builds a throwaway SQLite database (demo data), a customer with 5 orders and
one with ``--orders``, and times their My account pages in-process: the two
should run the same queries and, a page being twenty orders, about the same
time. Then ``--alerts`` people wait for one product and a restock sends their
emails (to Django's in-memory mailbox): the time per alert is printed.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import measure, setup_django  # noqa: E402


def make_customer_with_orders(email, count):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.models import Customer
    from checkout.models import Order, OrderLine

    user = get_user_model().objects.create_user(email, email, "bench-password-1")
    Customer.objects.create(user=user, verified_at=timezone.now())
    orders = Order.objects.bulk_create(
        Order(
            user=user,
            email=email,
            name="Bench Reader",
            line1="1 Bench Street",
            city="Bristol",
            country="GB",
            payment_method="bank_transfer",
            subtotal="8.00",
            shipping_method_name="Royal Mail",
            shipping_price="2.50",
            total="10.50",
            number=f"RB-{email[:3].upper()}{i:05d}",
            token=f"{email}-{i}",
        )
        for i in range(count)
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            title=f"Pamphlet {n}",
            unit_price="4.00",
            quantity=1,
            line_total="4.00",
        )
        for order in orders
        for n in range(2)
    )
    return user


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--alerts", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        settings.MAILERS = {
            "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        }
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        print(f"My account, {args.requests} requests each\n")
        print("| customer | status | KiB | queries | p50 ms | p95 ms |")
        print("| --- | --- | --- | --- | --- | --- |")
        for label, count in [("5 orders", 5), (f"{args.orders} orders", args.orders)]:
            user = make_customer_with_orders(f"c{count}@example.org", count)
            client = Client()
            client.force_login(user)
            r = measure(client, "/account/", args.requests)
            print(
                f"| {label} | {r['status']} | {r['bytes'] / 1024:.1f} "
                f"| {r['queries']} | {r['p50']:.1f} | {r['p95']:.1f} |"
            )

        from accounts.models import StockAlert
        from catalog.models import Product

        product = Product.objects.first()
        Product.objects.filter(pk=product.pk).update(stock=0)
        StockAlert.objects.bulk_create(
            StockAlert(
                product=product,
                email=f"r{i}@example.org",
                token=f"bench-{i}",
                status=StockAlert.Status.WAITING,
            )
            for i in range(args.alerts)
        )
        start = time.perf_counter()
        Product.objects.filter(pk=product.pk).update(stock=10)  # autocommit: sends
        seconds = time.perf_counter() - start
        from django.core import mail

        print(
            f"\nRestock with {args.alerts} waiting: {len(mail.outbox)} emails in "
            f"{seconds:.2f} s ({seconds / max(args.alerts, 1) * 1000:.2f} ms each)"
        )


if __name__ == "__main__":
    main()

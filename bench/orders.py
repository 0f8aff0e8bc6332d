#!/usr/bin/env python
"""Eight buyers place orders at once for a while; orders/s, CPU per order, stock.

    .venv/bin/python bench/orders.py --pg-url postgres://shop@127.0.0.1:5432/postgres
    .venv/bin/python bench/orders.py --db sqlite --buyers 8 --duration 10
    .venv/bin/python bench/orders.py --stock 150   # hot products sell out mid-run
    .venv/bin/python bench/orders.py --profile 100  # cProfile one buyer instead
    .venv/bin/python bench/orders.py --serial 300   # one buyer, CPU per order

Each buyer is a process that, until ``--duration`` ends, fills a cart with
one to three of a few hot products (so buyers fight over the same rows),
works out its totals as the review page does, and places the order through
``checkout.services.place_order`` by bank transfer, as the checkout view
does. All buyers start together after one warm-up order each.

Reported, for the measured window only:

- orders per second, and SQL queries per order placed (``place_order`` only);
- CPU per order from /proc: the buyers' Python processes (utime + stime,
  and the part spent inside ``place_order``), and the PostgreSQL server's
  processes (the postmaster and all its children, the ones that exited
  included), separately; with the orders/s that 2 cores would sustain at
  that cost, which holds on a noisy machine where orders/s does not;
- the load average before and after (the machine is shared);
- no oversell: every hot product's stock is its starting stock less what the
  orders' lines took, never below zero;
- the outbox: each order queued its two emails (confirmation and the shop's
  copy) and none was sent inline.
"""

import argparse
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from load import DATA, PYTHON, ROOT, TICK_MS, database_url, server_env  # noqa: E402

HOT_PRODUCTS = 10
START_STOCK = 100_000
CORES = 2


def setup(env):
    os.environ.update(env | {"EMAIL_URL": "dummymail://"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(env, stock):
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
        stock=stock, allow_backorder=False, is_published=True
    )
    return [p.pk for p in hot]


def cpu_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (usage.ru_utime + usage.ru_stime) * 1000


class Buyer:
    """One shopper process: fill a cart, review it, place the order, again."""

    def __init__(self, hot, seed):
        from django.db import connection

        from catalog.models import Product

        self.rng = random.Random(seed)
        self.seed = seed
        self.products = list(Product.objects.filter(pk__in=hot))
        self.placed = self.refused = self.queries = 0
        self.place_ms = 0.0
        self.counting = False
        connection.execute_wrappers.append(self._count)

    def _count(self, execute, sql, params, many, context):
        if self.counting:
            self.queries += 1
        return execute(sql, params, many, context)

    def order(self):
        from cart.models import Cart, CartLine
        from cart.totals import cached_zones, cart_totals
        from checkout import review, services

        rng = self.rng
        cart = Cart.objects.create(country="GB")
        CartLine.objects.bulk_create(
            CartLine(cart=cart, product=p, quantity=rng.randint(1, 3))
            for p in rng.sample(self.products, rng.randint(1, 3))
        )
        # As the review page does (request.cart.totals): postage from the
        # zones kept under the catalogue version.
        totals = cart_totals(cart, zones=cached_zones())
        snap = review.snapshot(totals)
        details = services.OrderDetails(
            email="buyer@example.org",
            name="Bench Buyer",
            line1="1 Example Street",
            city="Bristol",
            postcode="BS1 1AA",
            country="GB",
            shipping_method=totals.method.pk,
            payment_method="bank_transfer",
        )
        started = time.process_time()
        self.counting = True
        try:
            services.place_order(
                cart=cart,
                details=details,
                checkout_token=f"bench-{self.seed}-{self.placed}-{self.refused}",
                expected_fingerprint=review.fingerprint(snap),
                reviewed=snap,
            )
            self.placed += 1
        except services.CheckoutError:
            self.refused += 1
        finally:
            self.counting = False
            self.place_ms += (time.process_time() - started) * 1000


def buyer(env, hot, seed, ready, go, results):
    setup(env)
    from django.db import close_old_connections

    me = Buyer(hot, seed)
    me.order()  # warm-up: imports, templates and connection, not measured
    me.placed = me.refused = me.queries = 0
    me.place_ms = 0.0
    backend = _backend_pid()
    ready.put(seed)
    deadline = go.get()
    cpu, server = cpu_ms(), _own_ms(backend)
    while time.time() < deadline:
        me.order()
    cpu, server = cpu_ms() - cpu, _own_ms(backend) - server
    close_old_connections()
    results.put(
        {
            "placed": me.placed,
            "refused": me.refused,
            "queries": me.queries,
            "cpu_ms": cpu,
            "backend_ms": server,
            "place_ms": me.place_ms,
        }
    )


def _backend_pid():
    """Return the pid of this buyer's PostgreSQL backend, if it runs here."""
    if postmaster_pid() is None:
        return None
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _own_ms(pid) -> float:
    return stat(pid)["own"] * TICK_MS if pid else 0.0


def postmaster_pid():
    """Return the local PostgreSQL server's postmaster pid, or None."""
    from django.db import connection

    if connection.vendor != "postgresql" or connection.settings_dict["HOST"] not in (
        "127.0.0.1",
        "localhost",
        "",
    ):
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        return stat(backend)["ppid"]
    except OSError:
        return None


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state): ppid 4, utime 14, stime 15, cutime 16, cstime 17
    return {
        "ppid": int(fields[1]),
        "own": int(fields[11]) + int(fields[12]),
        "children": int(fields[13]) + int(fields[14]),
    }


def server_cpu_ms(master) -> float:
    """Return the CPU the postmaster and its children (live or exited) used."""
    master_stat = stat(master)
    total = master_stat["own"] + master_stat["children"]
    with open(f"/proc/{master}/task/{master}/children") as f:
        for pid in f.read().split():
            try:
                total += stat(pid)["own"]
            except OSError:
                pass  # exited meanwhile: now counted in the postmaster's children
    return total * TICK_MS


def check_stock(hot, start):
    from django.db.models import Sum

    from catalog.models import Product
    from checkout.models import OrderLine

    problems = []
    taken = dict(
        OrderLine.objects.filter(product__in=hot)
        .values("product")
        .annotate(n=Sum("stock_taken"))
        .values_list("product", "n")
    )
    for product in Product.objects.filter(pk__in=hot):
        took = taken.get(product.pk, 0)
        if product.stock < 0 or product.stock != start - took:
            problems.append(f"{product}: stock {product.stock}, orders took {took}")
    return problems


def check_outbox():
    """Return problems with the emails the orders queued (none sent inline)."""
    from django_tasks_db.models import DBTaskResult

    from checkout.models import Order
    from outbox.models import Email

    orders = Order.objects.count()
    problems = []
    for kind in ("checkout.confirmation", "checkout.new_order"):
        queued = Email.objects.filter(kind=kind, status=Email.Status.UNSENT).count()
        if queued != orders:
            problems.append(f"{orders} orders but {queued} unsent {kind} emails")
    if Email.objects.exclude(status=Email.Status.UNSENT).exists():
        problems.append("emails were sent inline")
    tasks = DBTaskResult.objects.filter(task_path="outbox.tasks.deliver").count()
    if tasks != 2 * orders:
        problems.append(f"{orders} orders but {tasks} delivery tasks queued")
    return problems, orders


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
    parser.add_argument(
        "--stock",
        type=int,
        default=START_STOCK,
        help="starting stock of each hot product (small: they sell out)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="instead: one buyer places N orders under cProfile (CPU clock)",
    )
    parser.add_argument(
        "--serial",
        type=int,
        default=0,
        metavar="N",
        help="instead: one buyer alone places N orders; CPU per order, no contention",
    )
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    url = database_url(args.db, "orders", args.pg_url, reuse=False)
    env = server_env(url, DATA / "media")
    hot = prepare(env, args.stock)
    if args.profile or args.serial:
        import order_probes

        probe = order_probes.profile if args.profile else order_probes.serial
        probe(Buyer(hot, 0), args.profile or args.serial)
        return
    master = postmaster_pid()
    from django.db import connections

    connections.close_all()  # the buyers fork: each opens its own connection
    fork = multiprocessing.get_context("fork")
    ready, go, results = fork.Queue(), fork.Queue(), fork.Queue()
    buyers = [
        fork.Process(target=buyer, args=(env, hot, n, ready, go, results))
        for n in range(args.buyers)
    ]
    for process in buyers:
        process.start()
    for _ in buyers:
        ready.get()
    load_before = os.getloadavg()
    server_before = server_cpu_ms(master) if master else None
    started = time.time()
    for _ in buyers:
        go.put(started + args.duration)
    counts = [results.get() for _ in buyers]
    elapsed = time.time() - started
    server_ms = server_cpu_ms(master) - server_before if master else None
    load_after = os.getloadavg()
    for process in buyers:
        process.join()

    placed = sum(c["placed"] for c in counts)
    refused = sum(c["refused"] for c in counts)
    attempts = max(placed + refused, 1)
    python_ms = sum(c["cpu_ms"] for c in counts) / attempts
    place_ms = sum(c["place_ms"] for c in counts) / attempts
    queries = sum(c["queries"] for c in counts) / attempts
    stock_problems = check_stock(hot, args.stock)
    outbox_problems, orders = check_outbox()

    print(
        f"{args.db}: {args.buyers} buyers, {elapsed:.1f} s: {placed} orders "
        f"({placed / elapsed:.1f}/s), {refused} refused (sold out); "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print(
        f"  per order: {queries:.1f} SQL queries in place_order; Python CPU "
        f"{python_ms:.1f} ms (place_order {place_ms:.1f} ms, the rest filling "
        "the cart and its review totals)"
    )
    if server_ms is not None:
        per_order = server_ms / attempts
        backends = sum(c["backend_ms"] for c in counts) / attempts
        print(
            f"  PostgreSQL server CPU {per_order:.1f} ms per order, of which the "
            f"buyers' own backends {backends:.1f} ms (the rest: other work on "
            "the same server, background writers)"
        )
        print(
            f"  Python and the buyers' backends together {python_ms + backends:.1f} "
            f"ms: {CORES} cores would sustain "
            f"{CORES * 1000 / (python_ms + backends):.0f} orders/s "
            f"(place_order alone: {CORES * 1000 / (place_ms + backends):.0f}/s)"
        )
    else:
        print(
            f"  {CORES} cores would sustain {CORES * 1000 / python_ms:.0f} orders/s "
            "at this Python CPU (the database's own CPU not counted)"
        )
    problems = stock_problems + outbox_problems
    print(
        "  "
        + ("stock adds up, nothing oversold" if not stock_problems else "OVERSOLD")
        + "; "
        + (
            f"{2 * orders} emails queued in the outbox for {orders} orders, none sent"
            if not outbox_problems
            else "OUTBOX WRONG"
        )
    )
    for problem in problems:
        print("  ", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

"""One buyer of ``bench/orders.py`` alone: ``--profile N`` and ``--serial N``."""

import cProfile
import os
import pstats
import time


def profile(me, orders):
    """Profile ``orders`` orders of one buyer in this process; print the top."""
    me.order()  # warm-up, not profiled
    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(lambda: [me.order() for _ in range(orders)])
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    stats.print_callees("_place_order")


def serial(me, orders):
    """One buyer places ``orders`` orders in this process; print CPU per order.

    Without seven other buyers on two shared cores this is the steadier figure
    for comparing two versions of the code (run them one after the other).
    """
    for _ in range(20):  # warm-up: imports, templates, caches
        me.order()
    # Counts go on (the order tokens are numbered by them: a reset would
    # place the warm-up's orders again, which finds them and does nothing).
    placed, refused, queries, place_ms = me.placed, me.refused, me.queries, me.place_ms
    started = time.process_time()
    for _ in range(orders):
        me.order()
    loop_ms = (time.process_time() - started) * 1000 / orders
    place_ms, queries = (me.place_ms - place_ms), me.queries - queries
    refused = me.refused - refused
    assert me.placed + refused - placed == orders
    print(
        f"one buyer, {orders} orders: place_order {place_ms / orders:.2f} ms CPU, "
        f"the whole loop {loop_ms:.2f} ms, {queries / orders:.1f} queries, "
        f"{refused} refused; "
        f"load average {os.getloadavg()[0]:.1f}"
    )

#!/usr/bin/env python
"""Requests per second two gunicorn servers hold for the product page.

    SHOP_TEST_POSTGRES_URL=postgres://shop@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/two_servers.py [--seconds 10] [--connections 16]

The setup of tests/ops/test_several_servers.py (one PostgreSQL database made
for the run, one throwaway Redis, two gunicorn servers with production
settings, JSON logs) loaded with the demo catalogue. wrk loads both servers
at once, first with /healthz (the stack's own cost: no template, no query),
then with a product page; CPU seconds per process group during each run say
what limited it. Bounded: each run lasts --seconds.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.test_settings")

from tests.servers import Gunicorn, Redis, manage, shop_env  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pattern):
    """Return user+system CPU seconds of processes whose command matches."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if re.search(pattern, cmdline.decode(errors="replace")):
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


GROUPS = {
    "gunicorn": rb"gunicorn",
    "postgres": rb"^postgres",
    "redis": rb"redis-server",
}


def load(urls, seconds, connections):
    """Run one wrk per URL at once; return total requests/s and p99 latencies."""
    before = {name: cpu_seconds(p.decode()) for name, p in GROUPS.items()}
    runs = [
        subprocess.Popen(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
            + ["--latency", url],
            stdout=subprocess.PIPE,
            text=True,
        )
        for url in urls
    ]
    outputs = [run.communicate()[0] for run in runs]
    after = {name: cpu_seconds(p.decode()) for name, p in GROUPS.items()}
    rps = sum(
        float(re.search(r"Requests/sec:\s+([\d.]+)", o).group(1)) for o in outputs
    )
    p99 = [re.search(r"99%\s+(\S+)", o).group(1) for o in outputs]
    errors = [re.search(r"Non-2xx or 3xx responses: (\d+)", o) for o in outputs]
    cpu = {name: (after[name] - before[name]) / seconds for name in GROUPS}
    return rps, p99, sum(int(e.group(1)) for e in errors if e), cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian package wrk)")
    base = os.environ.get("SHOP_TEST_POSTGRES_URL") or sys.exit(
        "set SHOP_TEST_POSTGRES_URL (a PostgreSQL server to make a database on)"
    )
    import psycopg

    admin = base.replace("postgres://", "postgresql://", 1)
    name = f"shop_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urllib.parse.urlunsplit(urllib.parse.urlsplit(base)._replace(path=f"/{name}"))
    redis = Redis().start()
    servers = []
    logs = Path(f"/tmp/{name}")
    logs.mkdir()
    try:
        env = shop_env(
            DATABASE_URL=url,
            REDIS_URL=redis.url,
            LOG_FORMAT="json",
            DATABASE_CONN_MAX_AGE=60,
            MEDIA_ROOT=logs / "media",
        )
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo")
        path = manage(
            env,
            "shell",
            "-c",
            "from catalog.models import Product; "
            "print(Product.objects.filter(credits__isnull=False).first()"
            ".get_absolute_url())",
        ).splitlines()[-1]
        servers = [
            Gunicorn(env, logs / f"{n}.log", workers=args.workers, threads=args.threads)
            for n in "ab"
        ]
        for server in servers:
            server.start()
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        print(
            f"two servers × {args.workers} workers × {args.threads} threads, "
            f"one PostgreSQL, one Redis; {os.cpu_count()} CPUs; wrk "
            f"{args.connections} connections per server for {args.seconds}s"
        )
        for label, page in (("/healthz", "/healthz"), ("product page", path)):
            for server in servers:  # warm each worker's connection and caches
                for _ in range(20):
                    subprocess.run(
                        ["curl", "-s", "-o", "/dev/null", server.base + page]
                    )
            rps, p99, errors, cpu = load(
                [s.base + page for s in servers], args.seconds, args.connections
            )
            busy = ", ".join(f"{k} {v:.2f}" for k, v in cpu.items())
            per_request = cpu["gunicorn"] / rps * 1000 if rps else 0
            print(
                f"{label:>13}: {rps:7.0f} req/s in all, p99 {'/'.join(p99)}, "
                f"{errors} non-2xx; CPU cores busy: {busy}; "
                f"gunicorn CPU {per_request:.1f} ms per request"
            )
            time.sleep(1)
    finally:
        for server in servers:
            server.stop()
        redis.stop()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not os.environ.get("BENCH_KEEP_LOGS"):
            shutil.rmtree(logs, ignore_errors=True)


if __name__ == "__main__":
    main()

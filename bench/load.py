#!/usr/bin/env python
"""Load the shop's pages under gunicorn with wrk and print what each costs.

    .venv/bin/python bench/load.py                       # 25, 5,000, 100,000; both DBs
    .venv/bin/python bench/load.py --sizes 25,5000 --db sqlite --duration 3

For each database and catalogue size it builds the catalogue
(``bench/catalogue.py``), serves it with gunicorn in production settings
(DEBUG off, a throwaway secret, HTTP only), loads each page with Debian's
``wrk`` for ``--duration`` seconds and prints one table: requests per
second, p50 and p99 latency, server CPU milliseconds per request (utime +
stime of the gunicorn master and workers from /proc, before and after),
that CPU as a multiple of the bare view's in the same run, and the page's
SQL queries (counted in-process). The machine is shared, so compare ratios.
See bench/README.md.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
PYTHON = sys.executable
DATA = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
PAIR = "add to cart + cart page"
REVIEW = "checkout review"
SHOPPER = "product, shopper with a cart (no page cache)"
FRESH_SEARCH = "search, new words each time (no page cache)"

# Every request a search the cache has not seen: one to three words from
# the catalogue's vocabulary, and a counter so no address repeats.
FRESH_SEARCH_LUA = """
local words = {%(words)s}
local n = 0
request = function()
  n = n + 1
  local q = words[math.random(#words)]
  if math.random() < 0.5 then q = q .. "+" .. words[math.random(#words)] end
  return wrk.format("GET", "/search/?q=" .. q .. "&n=" .. n .. math.random(1e9))
end
"""

# Each wrk thread keeps the sessions its adds created and spends each on one
# cart page, so the requests alternate add, cart, add, cart per new visitor.
PAIR_LUA = """
local product, token = "%(product)s", "%(token)s"
local sessions = {}
request = function()
  local session = table.remove(sessions)
  if session then
    local cookie = "csrftoken=" .. token .. "; " .. session
    return wrk.format("GET", "/cart/", {Cookie = cookie})
  end
  return wrk.format("POST", "/cart/add/", {
    Cookie = "csrftoken=" .. token,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "csrfmiddlewaretoken=" .. token .. "&quantity=1&product=" .. product)
end
response = function(status, headers, body)
  local cookie = headers["Set-Cookie"]
  if cookie then
    local session = cookie:match("(sessionid=[^;]+)")
    if session then table.insert(sessions, session) end
  end
end
"""


def setup_in_process(size, db_url=""):
    """Set Django up in this process over the catalogue of ``size`` built here.

    For the in-process scripts (lists.py, search.py): ``db_url`` names a
    PostgreSQL database instead of the SQLite file.
    """
    # This folder sits first on the path, where bench/accounts.py would hide
    # the shop's accounts app.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p).resolve() != here]
    url = db_url or f"sqlite:///{DATA / f'shop-{size}.sqlite3'}"
    os.environ.update(server_env(url, DATA / "media"))
    import django

    django.setup()


def server_env(database_url, media):
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "shop.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "SHOP_BENCH_VIEWS": "true",
        "EMAIL_URL": "dummymail://",
        "SHOP_URL": "http://127.0.0.1",
        "LOG_LEVEL": "ERROR",
        # No access log: its lines cost CPU the table would count, and would fill
        # the unread stderr pipe and stall gunicorn.
        "REQUEST_LOG_LEVEL": "WARNING",
    }


def database_url(db, size, pg_url, *, reuse):
    """Return a fresh (or, with ``reuse``, kept) database for ``size`` products."""
    if db == "sqlite":
        path = DATA / f"shop-{size}.sqlite3"
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    name = f"shop_bench_{size}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and not reuse:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or not reuse:
            conn.execute(f'CREATE DATABASE "{name}"')
    return pg_url.rsplit("/", 1)[0] + "/" + name


def cpu_ticks(master):
    """Return utime + stime of the gunicorn master and its workers."""
    pids = [master]
    try:
        with open(f"/proc/{master}/task/{master}/children") as f:
            pids += [int(p) for p in f.read().split()]
    except FileNotFoundError:
        pass
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


def start_server(env, port, args):
    workers_env = env | {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
    }
    # A file, not a pipe: nobody reads a pipe during the run, and workers
    # that filled one with log lines would hang on their next write.
    log = tempfile.TemporaryFile("w+")
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "python:shop.gunicorn", "shop.wsgi"],
        cwd=ROOT,
        env=workers_env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                log.seek(0)
                raise SystemExit("gunicorn did not start:\n" + log.read()) from None
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not answer within 20 s")


def parse_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(base, path, args, *, headers=(), script=None):
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", "--timeout", "30s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run(
        [*command, base + path], capture_output=True, text=True, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    if "99" not in latency:
        raise SystemExit(f"wrk said:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.M)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": parse_ms(latency["50"]),
        "p99": parse_ms(latency["99"]),
        "bad": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def load_page(server, base, path, args, **wrk_kwargs):
    for _ in range(5):  # warm the workers' caches and connections
        _get(base + path, wrk_kwargs.get("headers", ()))
    before = cpu_ticks(server.pid)
    result = run_wrk(base, path, args, **wrk_kwargs)
    spent = (cpu_ticks(server.pid) - before) * TICK_MS
    # No request finished in time: say so rather than divide by zero.
    result["cpu_ms"] = spent / result["requests"] if result["requests"] else None
    return result


def _get(url, headers):
    request = urllib.request.Request(url)
    for header in headers:
        key, value = header.split(": ", 1)
        request.add_header(key, value)
    try:
        urllib.request.urlopen(request, timeout=30).read()
    except urllib.error.HTTPError:
        pass


def bench_one(db, size, args, port):
    url = database_url(db, size, args.pg_url, reuse=args.reuse)
    env = server_env(url, DATA / "media")
    started = time.perf_counter()
    probe = json.loads(
        subprocess.run(
            [PYTHON, "bench/catalogue.py", "--size", str(size)]
            + (["--reuse"] if args.reuse else []),
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
    )
    print(f"\n{db}, {size} products (built in {time.perf_counter() - started:.0f} s)")
    server = start_server(env, port, args)
    base = f"http://127.0.0.1:{port}"
    rows = {}
    try:
        pages = [p for p in probe["urls"].items() if _wanted(p[0], args)]
        for name, path in pages:
            rows[name] = load_page(server, base, path, args)
        if _wanted(PAIR, args):
            token = probe["buyer_cookie"].split("csrftoken=")[1].split(";")[0]
            with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
                script.write(
                    PAIR_LUA % {"product": probe["product_id"], "token": token}
                )
                script.flush()
                pair = load_page(server, base, "/cart/add/", args, script=script.name)
            # wrk counts the add and the cart page apiece: a pair is two.
            pair["cpu_ms"] = pair["cpu_ms"] and pair["cpu_ms"] * 2
            pair["rps"] /= 2
            rows[PAIR] = pair
        if _wanted(SHOPPER, args):
            cookie = f"Cookie: {probe['buyer_cookie']}"
            rows[SHOPPER] = load_page(
                server, base, probe["urls"]["product"], args, headers=[cookie]
            )
        if _wanted(REVIEW, args):
            cookie = f"Cookie: {probe['buyer_cookie']}"
            rows[REVIEW] = load_page(
                server, base, "/checkout/review/", args, headers=[cookie]
            )
        # Last: at 100,000 products its requests may outlive the run.
        if _wanted(FRESH_SEARCH, args):
            from catalogue import WORDS

            words = ", ".join(f'"{w}"' for w in WORDS)
            with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
                script.write(FRESH_SEARCH_LUA % {"words": words})
                script.flush()
                rows[FRESH_SEARCH] = load_page(
                    server, base, "/search/", args, script=script.name
                )
    finally:
        server.terminate()
        server.wait()
    bare = rows.get("bare view", {}).get("cpu_ms")
    print_table(rows, probe, bare, f"{args.duration} s")
    return {"db": db, "size": size, "rows": rows, "probe": probe}


def _wanted(name, args):
    return (
        not args.pages
        or name == "bare view"
        or any(p in name for p in args.pages.split(","))
    )


def print_table(rows, probe, bare, args_duration):
    print(
        "| page | req/s | p50 ms | p99 ms | CPU ms/req | × bare "
        "| queries (cold / warm) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, r in rows.items():
        if r["cpu_ms"] is None:
            print(f"| {name} | 0 (none finished in {args_duration}) | | | | | |")
            continue
        ratio = f"{r['cpu_ms'] / bare:.1f}" if bare else "–"
        flag = f" ({r['bad']} non-2xx/3xx)" if r["bad"] else ""
        flag += f" (socket errors: {r['socket_errors']})" if r["socket_errors"] else ""
        print(
            f"| {name}{flag} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} "
            f"| {r['cpu_ms']:.2f} | {ratio} | {probe['queries'].get(name, '–')} |"
        )
    sys.stdout.flush()


def collectstatic():
    env = server_env("sqlite:///:memory:", DATA / "media")
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25,5000,100000")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres")
    parser.add_argument("--duration", type=int, default=5, help="seconds a page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="1: sync workers")
    parser.add_argument("--pages", default="", help="names containing these, comma")
    parser.add_argument("--port", type=int, default=58000)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://shop@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL server's admin database; bench databases go beside it",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep catalogues from an earlier run"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    DATA.mkdir(parents=True, exist_ok=True)
    collectstatic()
    results = []
    for db in args.db.split(","):
        for size in [int(s) for s in args.sizes.split(",")]:
            results.append(bench_one(db, size, args, args.port))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / time.strftime("load-%Y%m%d-%H%M%S.json")
    out.write_text(json.dumps({"args": vars(args), "results": results}, indent=1))
    print(f"\nSaved {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

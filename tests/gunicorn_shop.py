"""The shop served by a real gunicorn on a database of its own, for tests that
need real processes and real HTTP: concurrency, locking, server headers."""

import contextlib
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shop_env(database_url, **extra):
    """Return the environment for ``manage.py`` and gunicorn on that database."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="shop.test_settings",
        DATABASE_URL=database_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        STRIPE_SECRET_KEY="",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def shell(env, script):
    """Run ``script`` in ``manage.py shell``; return the JSON it prints last."""
    return json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])


@contextlib.contextmanager
def serve(env, log_path, *, probe="/", workers=2, threads=8):
    """Run gunicorn on a free port until the block ends; yield its base URL."""
    port = free_port()
    log = open(log_path, "w")
    process = subprocess.Popen(
        [
            *(str(GUNICORN), "shop.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", str(workers), "--threads", str(threads)),
            *("--timeout", "60"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + probe, timeout=10)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError(Path(log_path).read_text())
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


class Browser:
    """One shopper's cookies and the answers they saw, over real HTTP."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )
        self.statuses = []

    def open(self, path, data=None, *, timeout=60):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        try:
            response = self.opener.open(self.base + path, body, timeout=timeout)
            status, url, text = response.status, response.url, response.read()
        except urllib.error.HTTPError as error:
            status, url, text = error.code, error.url, error.read()
        self.statuses.append(status)
        return status, url, text.decode()

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def fill_cart(self, product_url, product_pk, quantity=1):
        self.open(product_url)
        status, _, _ = self.open(
            "/cart/add/",
            {
                "csrfmiddlewaretoken": self.csrf(),
                "product": product_pk,
                "quantity": quantity,
                "next": product_url,
            },
        )
        assert status == 200, status

    def review(self, method_pk):
        """Fill in the details form; return the review page's Place order fields."""
        self.open("/checkout/details/")
        status, url, page = self.open(
            "/checkout/details/",
            {
                "csrfmiddlewaretoken": self.csrf(),
                "email": "buyer@example.org",
                "name": "Buyer",
                "line1": "1 Example Street",
                "city": "Bristol",
                "postcode": "BS1 1AA",
                "country": "GB",
                "shipping_method": method_pk,
                "payment_method": "bank_transfer",
                "accept_terms": "on",
            },
        )
        assert url.endswith("/checkout/review/"), page[:2000]
        return {
            name: re.search(rf'name="{name}" value="([^"]+)"', page).group(1)
            for name in ("fingerprint", "checkout_token")
        }

    def place(self, fields):
        return self.open(
            "/checkout/place/", fields | {"csrfmiddlewaretoken": self.csrf()}
        )

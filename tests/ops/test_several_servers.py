"""Two gunicorn servers, one PostgreSQL, one Redis: the shop behaves as one.

Twenty buyers for the last five copies are spread over both servers; staff
change the price through one and shoppers read it through the other. Five
orders, stock 0, no 5xx, the new price everywhere; two email workers (one per
server, as in production: tasks in the database) send one email per buyer,
each logged under the id of the request that placed the order; every request
is logged as a JSON line with its request id.
"""

import email
import json
import re
import subprocess
import sys
import threading

import pytest

from tests.checkout.test_concurrency import REPORT, SEED
from tests.conftest import fresh_postgres_database
from tests.gunicorn_shop import Browser, shell
from tests.ops.forms import form_fields
from tests.servers import ROOT, Gunicorn, Redis, manage, shop_env

BUYERS, COPIES = 20, 5

STAFF = """
import json
from django.contrib.auth.models import User
User.objects.create_superuser("staff", "staff@example.org", "a long staff password")
print(json.dumps({}))
"""


@pytest.fixture
def database_url():
    with fresh_postgres_database("shop_servers") as url:
        yield url


@pytest.fixture
def servers(database_url, tmp_path):
    redis = Redis().start()
    (tmp_path / "mail").mkdir()
    env = shop_env(
        # Production's task backend (the database) and mail written to files.
        DJANGO_SETTINGS_MODULE="tests.checkout.crash_settings",
        SHOP_TEST_MAIL_DIR=tmp_path / "mail",
        DATABASE_URL=database_url,
        REDIS_URL=redis.url,
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        MEDIA_ROOT=tmp_path / "media",
    )
    manage(env, "migrate", "--no-input")
    seed = shell(env, SEED % {"copies": COPIES})
    shell(env, STAFF)
    both = [Gunicorn(env, tmp_path / f"server-{n}.log") for n in "ab"]
    try:
        for server in both:
            server.start()
        yield both, env, seed, tmp_path
    finally:
        for server in both:
            server.stop()
        redis.stop()


class Shopper(Browser):
    def details(self, method_pk, email):
        """Fill in the details form; return the review page's hidden fields."""
        self.open("/checkout/details/")
        status, url, page = self.open(
            "/checkout/details/",
            {
                "csrfmiddlewaretoken": self.csrf(),
                "email": email,
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


def _change_price(server, product_pk, price):
    """Log in to admin on ``server`` and change the product's price there."""
    staff = Shopper(server.base)
    staff.open("/admin/login/")
    status, url, _ = staff.open(
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": staff.csrf(),
            "username": "staff",
            "password": "a long staff password",
        },
    )
    assert url.endswith("/admin/"), url
    change = f"/admin/catalog/product/{product_pk}/change/"
    _, _, page = staff.open(change)
    fields = [(k, v) for k, v in form_fields(page, "product_form") if k != "price"]
    status, url, page = staff.open(change, fields + [("price", price), ("_save", "")])
    assert url.endswith("/admin/catalog/product/"), page[:3000]
    return staff.statuses


def test_two_servers_sell_the_last_five_copies_and_agree_on_the_price(
    servers, database_url
):
    (a, b), env, seed, tmp_path = servers
    shoppers = [Shopper((a, b)[i % 2].base) for i in range(BUYERS)]
    emails = [f"buyer{i}@example.org" for i in range(BUYERS)]
    results, errors = [None] * BUYERS, []
    ready, go = threading.Barrier(BUYERS + 1), threading.Event()

    def buy(i):
        try:
            shoppers[i].fill_cart(seed["url"], seed["pk"])
            fields = shoppers[i].details(seed["method"], emails[i])
        except BaseException as error:  # noqa: B036 - reported below
            errors.append(error)
            raise
        finally:
            ready.wait()
        go.wait()
        results[i] = shoppers[i].place(fields)

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(BUYERS)]
    for thread in threads:
        thread.start()
    ready.wait(timeout=180)
    assert not errors, errors
    go.set()
    for thread in threads:
        thread.join(timeout=180)

    # Both servers show the product as it was, sold out, at £4.00.
    for server in (a, b):
        page = Shopper(server.base).open(seed["url"])[2]
        assert "£4.00" in page and "Out of stock" in page

    staff_codes = _change_price(a, seed["pk"], "5.50")
    pages = {s.base: Shopper(s.base).open(seed["url"])[2] for s in (b, a)}
    assert all("£5.50" in p and "£4.00" not in p for p in pages.values())

    report = shell(env, REPORT)
    ordered = [i for i, r in enumerate(results) if "/checkout/order/" in r[1]]
    sold_out = [i for i, r in enumerate(results) if "has sold out" in r[2]]
    codes = sorted({c for s in shoppers for c in s.statuses} | set(staff_codes))
    assert all(code < 500 for code in codes), codes
    assert len(ordered) == COPIES and len(sold_out) == BUYERS - COPIES
    assert report["orders"] == COPIES and report["stock"] == 0

    # Two email workers, one beside each server, empty the queue together.
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch"]
            + ["--no-startup-delay", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    logged = [w.communicate(timeout=300)[1] for w in workers]
    assert all(w.returncode == 0 for w in workers), logged
    mails = [
        email.message_from_string(part)
        for path in (tmp_path / "mail").iterdir()
        for part in re.split(r"\n-{79}\n", path.read_text())
        if part.strip()
    ]
    assert sorted(m["To"] for m in mails) == sorted(
        [emails[i] for i in ordered] + ["orders@localhost"] * COPIES
    )

    def json_lines(text):
        return [json.loads(x) for x in text.splitlines() if x.startswith('{"time"')]

    lines = json_lines(a.log_path.read_text() + b.log_path.read_text())
    requests = [x for x in lines if x["logger"] == "shop.requests"]
    assert len({x["request_id"] for x in requests}) == len(requests) > BUYERS * 5
    assert all(x["status"] < 500 and x["queries"] >= 0 for x in requests)
    # Each email is logged by a worker under the id of the request that
    # placed its order: the lines of one order can be found in every log.
    placing = {x["request_id"] for x in requests if x["path"] == "/checkout/place/"}
    sent = [
        x
        for text in logged
        for x in json_lines(text)
        if x["message"].startswith("Email ")
    ]
    assert len(sent) == 2 * COPIES
    assert len({x["request_id"] for x in sent}) == COPIES
    assert {x["request_id"] for x in sent} <= placing
    print(
        f"\ntwo servers: {len(ordered)} orders ({sorted(i % 2 for i in ordered)} "
        f"by server), {len(sold_out)} sold out, {len(requests)} requests logged, "
        f"HTTP codes {codes}"
    )

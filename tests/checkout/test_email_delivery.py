"""Order emails survive a crash: recorded with the order, sent by the worker."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from checkout.models import Order
from outbox import services as outbox
from outbox.models import Email
from tests.factories import make_order, make_product

Status = Email.Status


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_an_orders_emails_once(postage, mailoutbox, run_worker):
    order = make_order((make_product(title="Mutual Aid"), 1))
    assert mailoutbox == []  # nothing is sent by the process that made the order
    assert Email.objects.filter(status=Status.UNSENT).count() == 2

    run_worker()
    run_worker()
    # A stray second delivery of the same email sends nothing.
    outbox.tasks.deliver.enqueue(Email.objects.first().pk)
    run_worker()

    assert sorted(m.subject for m in mailoutbox) == [
        f"Radical Books: New order {order.number}",
        f"Radical Books: Your order {order.number}",
    ]
    confirmation = next(m for m in mailoutbox if m.to == ["reader@example.org"])
    assert "Mutual Aid" in confirmation.body
    assert confirmation.alternatives[0][1] == "text/html"
    rows = Email.objects.all()
    assert {(e.status, e.attempts) for e in rows} == {(Status.SENT, 1)}
    assert all(e.about == Order.objects.get() for e in rows)
    assert {m.extra_headers["Message-ID"] for m in mailoutbox} == {
        e.message_id for e in rows
    }


# Crashes: real processes, killed with SIGKILL (no cleanup, as a power cut or
# the kernel's OOM killer would), on a database shared with the test.

SHOPPER = """
import os, signal
from django.db import transaction
from tests.factories import make_order, make_postage, make_product
make_postage()
book = make_product(title="Mutual Aid", stock=3)
with transaction.atomic():
    # The first thing to run after the commit kills the process: the order is
    # committed and nothing after it runs.
    transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
    make_order((book, 1))
print("survived")
"""

REPORT = """
import json
from checkout.models import Order
from outbox.models import Email
print(json.dumps({
    "orders": list(Order.objects.values_list("number", flat=True)),
    "emails": sorted(Email.objects.values_list("kind", "status", "attempts")),
}))
"""

SEND_AGAIN_AFTER_THE_CLAIM_TIMEOUT = """
from datetime import timedelta
from django.conf import settings
from outbox import services
from outbox.models import Email
Email.objects.filter(status="sending").update(
    claimed_at=Email.objects.get(status="sending").claimed_at
    - settings.OUTBOX_CLAIM_TIMEOUT - timedelta(seconds=1)
)
print(services.send_again(emails=Email.objects.all()))
"""


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shop(database_url, tmp_path):
    """Run manage.py commands as the shop would, on a migrated database."""
    mail = tmp_path / "mail"
    mail.mkdir()
    env = dict(os.environ) | {
        "DJANGO_SETTINGS_MODULE": "tests.checkout.crash_settings",
        "DATABASE_URL": database_url,
        "SHOP_TEST_MAIL_DIR": str(mail),
        "PYTHONPATH": str(ROOT),
    }

    class Shop:
        def run(self, *args, **extra):
            return subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=env | extra,
                capture_output=True,
                text=True,
                timeout=120,
            )

        def manage(self, *args, **extra):
            result = self.run(*args, **extra)
            assert result.returncode == 0, result.stderr
            return result.stdout

        def report(self):
            out = self.manage("shell", "-c", REPORT)
            return json.loads(out.strip().splitlines()[-1])

        def work(self, **extra):
            self.manage(*WORKER, **extra)

        def popen_worker(self, **extra):
            return subprocess.Popen(
                [sys.executable, "manage.py", *WORKER],
                cwd=ROOT,
                env=env | extra,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        def delivered(self):
            """The emails the mail server received: (to, subject) pairs."""
            found = []
            for path in sorted(mail.iterdir()):
                text = path.read_text()
                found += re.findall(r"^Subject: (.*)\n(?:.+\n)*?To: (.*)$", text, re.M)
            return sorted(found)

    Shop.env = env
    Shop().manage("migrate", "--no-input")
    return Shop()


WORKER = ["db_worker", "--batch", "--no-startup-delay", "--no-reload"]


def test_an_order_killed_after_its_commit_still_gets_its_emails(shop):
    killed = shop.run("shell", "-c", SHOPPER)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert "survived" not in killed.stdout
    before = shop.report()
    (number,) = before["orders"]
    assert before["emails"] == [
        ["checkout.confirmation", "unsent", 0],
        ["checkout.new_order", "unsent", 0],
    ]
    assert shop.delivered() == []

    shop.work()
    shop.work()  # a second run finds nothing to send again

    assert shop.delivered() == [
        (f"Radical Books: New order {number}", "orders@localhost"),
        (f"Radical Books: Your order {number}", "reader@example.org"),
    ]
    assert shop.report()["emails"] == [
        ["checkout.confirmation", "sent", 1],
        ["checkout.new_order", "sent", 1],
    ]


def test_a_worker_killed_while_sending_never_sends_twice(shop):
    killed = shop.run("shell", "-c", SHOPPER)
    assert killed.returncode == -signal.SIGKILL
    (number,) = shop.report()["orders"]
    # A mail server that takes the connection and never answers.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(60)
        worker = shop.popen_worker(SHOP_TEST_SMTP_PORT=str(server.getsockname()[1]))
        try:
            connection, _ = server.accept()  # the worker is mid-send
            connection.close()
        finally:
            worker.kill()
            worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    emails = shop.report()["emails"]
    assert sorted(status for _, status, _ in emails) == ["sending", "unsent"]

    # The email that was never started goes; the interrupted one may have
    # reached the mail server, so nothing sends it again by itself.
    shop.manage("requeue_emails")
    shop.work()
    interrupted = next(
        kind for kind, status, _ in shop.report()["emails"] if status == "sending"
    )
    (delivered,) = shop.delivered()
    other = "Your order" if interrupted == "checkout.new_order" else "New order"
    assert delivered[0] == f"Radical Books: {other} {number}"

    # Staff check and send it again (the admin's action) once its claim is old.
    out = shop.manage("shell", "-c", SEND_AGAIN_AFTER_THE_CLAIM_TIMEOUT)
    assert out.strip().splitlines()[-1] == "1"
    shop.work()
    assert shop.delivered() == [
        (f"Radical Books: New order {number}", "orders@localhost"),
        (f"Radical Books: Your order {number}", "reader@example.org"),
    ]
    assert [status for _, status, _ in shop.report()["emails"]] == ["sent", "sent"]

"""The one command, run as staff run it, into SQLite and into PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COUNT = (
    "import json; from catalog.models import Product; "
    "from django.contrib.auth.models import User; "
    "from migrate_prestashop.models import NewsletterSubscriber, OldLink, Page, "
    "PastOrder; from trade.models import TradeAccount; "
    "print(json.dumps([Product.objects.count(), User.objects.count(), "
    "PastOrder.objects.count(), OldLink.objects.count(), "
    "Product.objects.exclude(cover='').count(), Page.objects.count(), "
    "NewsletterSubscriber.objects.count(), "
    "[str(a.discount_percent) for a in TradeAccount.objects.all()]]))"
)


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_command_imports_into_the_shops_database_twice_without_duplicates(
    database_url, fresh_old_shop, tmp_path
):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="shop.test_settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONPATH=str(ROOT),
    )
    manage(env, "migrate", "--no-input")
    command = [
        "import_prestashop",
        fresh_old_shop.url,
        "--cookie-key",
        fresh_old_shop.facts.cookie_key,
        "--img-dir",
        str(fresh_old_shop.img_dir),
        "--report",
        str(tmp_path / "report.txt"),
    ]
    first = manage(env, *command)
    assert "product: 40 created" in first
    assert f"Report saved to {tmp_path / 'report.txt'}" in first
    second = manage(env, *command)
    assert "product: 40 unchanged" in second
    assert "trade account: 1 unchanged" in second
    assert "page: 3 unchanged" in second
    counts = json.loads(manage(env, "shell", "-c", COUNT).splitlines()[-1])
    products, users, orders, links, covers, pages, subscribers, trade = counts
    assert (products, users, orders, covers) == (40, 22, 60, 4)
    assert (pages, subscribers, trade) == (3, 1, ["30.00"])
    assert (tmp_path / "report.txt").read_text() in second

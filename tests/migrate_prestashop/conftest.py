from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import require

from . import mariadb
from .ps16_fixture import Facts, build


@dataclass
class OldShop:
    url: str
    img_dir: Path
    facts: Facts
    server: object
    database: str


@pytest.fixture(scope="session")
def mariadb_server():
    require(mariadb.available(), "MariaDB (mariadbd) is not installed")
    server = mariadb.Server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def old_shop(mariadb_server, tmp_path_factory):
    """A PrestaShop 1.6 shop in MariaDB, with its img/ folder."""
    img_dir = tmp_path_factory.mktemp("old-shop") / "img"
    img_dir.mkdir()
    name, url = mariadb_server.new_database()
    with mariadb_server.connect(name) as connection:
        facts = build(connection, img_dir=img_dir)
    yield OldShop(url, img_dir, facts, mariadb_server, name)
    mariadb_server.drop_database(name)


def sign_in(client, *, username, password):
    """Sign in as a customer; True when the password was right.

    The shop's login protection (django-axes) checks every authenticate()
    call by the request it came with, so the sign-in brings one.
    """
    from django.test import RequestFactory

    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    return client.login(request=request, username=username, password=password)


def run_import(old_shop, tmp_path, *extra):
    """Run the command as staff would; return the saved report's text."""
    from django.core.management import call_command

    report = tmp_path / f"report-{len(list(tmp_path.glob('report-*')))}.txt"
    call_command(
        "import_prestashop",
        old_shop.url,
        "--cookie-key",
        old_shop.facts.cookie_key,
        "--img-dir",
        str(old_shop.img_dir),
        "--report",
        str(report),
        *extra,
        stdout=open(tmp_path / "stdout.txt", "w"),
    )
    return report.read_text()


@pytest.fixture(scope="module")
def imported(old_shop, tmp_path_factory, django_db_setup, django_db_blocker):
    """The fixture shop imported once per module (committed); the report's text.

    Tests read it inside their own rolled-back transaction; afterwards
    everything the import made is deleted, so other tests see an empty shop.
    """
    with django_db_blocker.unblock():
        try:
            yield run_import(old_shop, tmp_path_factory.mktemp("import"))
        finally:
            remove_imported()


def remove_imported():
    from django.contrib.auth import get_user_model

    from catalog.models import (
        Category,
        Contributor,
        Credit,
        Product,
        ProductImage,
        Publisher,
    )
    from migrate_prestashop import models
    from trade.models import TradeAccount

    for model in (
        TradeAccount,
        models.Page,
        models.NewsletterSubscriber,
        models.PastOrderLine,
        models.PastOrder,
        models.PastCustomer,
        models.OldLink,
        models.OldRoute,
        Credit,
        ProductImage,
        Product,
        Contributor,
        Publisher,
    ):
        model.objects.all().delete()
    Category.objects.update(parent=None)
    Category.objects.all().delete()
    get_user_model().objects.all().delete()


@pytest.fixture
def fresh_old_shop(mariadb_server, tmp_path):
    """A shop of its own, for tests that change the old database."""
    img_dir = tmp_path / "img"
    img_dir.mkdir()
    name, url = mariadb_server.new_database()
    with mariadb_server.connect(name) as connection:
        facts = build(connection, img_dir=img_dir, products=40, images=6)
    yield OldShop(url, img_dir, facts, mariadb_server, name)
    mariadb_server.drop_database(name)

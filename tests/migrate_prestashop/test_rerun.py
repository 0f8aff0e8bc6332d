"""Run it again: updates, additions, no duplicates, staff edits kept and reported."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from catalog.models import Category, Product
from migrate_prestashop.models import OldLink, PastOrder

from .conftest import run_import, sign_in

pytestmark = pytest.mark.django_db


def product(old_id):
    return Product.objects.get(
        pk=OldLink.objects.get(kind="product", old_id=old_id).object_id
    )


def old_shop_sql(old_shop, *statements):
    with old_shop.server.connect(old_shop.database) as connection:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        connection.commit()


def counts():
    return (
        Product.objects.count(),
        Category.objects.count(),
        get_user_model().objects.count(),
        PastOrder.objects.count(),
        OldLink.objects.count(),
    )


def test_a_dry_run_reports_what_would_come_and_saves_nothing(fresh_old_shop, tmp_path):
    report = run_import(fresh_old_shop, tmp_path, "--dry-run")
    assert report.startswith("Dry run: nothing was saved.")
    assert "product: 40 created" in report
    assert counts() == (0, 0, 0, 0, 0)
    media = settings.MEDIA_ROOT
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_a_second_run_changes_nothing_and_duplicates_nothing(fresh_old_shop, tmp_path):
    run_import(fresh_old_shop, tmp_path)
    before = counts()
    report = run_import(fresh_old_shop, tmp_path)
    assert counts() == before
    assert "product: 40 unchanged" in report
    assert "customer: 22 unchanged" in report
    assert "order: 60 unchanged" in report
    assert "image: 5 unchanged, 3 skipped" in report


def test_a_later_run_takes_old_shop_changes_and_keeps_staff_edits(
    fresh_old_shop, tmp_path
):
    run_import(fresh_old_shop, tmp_path)
    edited = product(3)
    edited.title = "Our own better title"
    edited.save()
    old_shop_sql(
        fresh_old_shop,
        "UPDATE ps_product_lang SET name = 'Renamed in the old shop'"
        " WHERE id_product = 2 AND id_lang = 1",
        "UPDATE ps_product_lang SET name = 'Also renamed' WHERE id_product = 3",
        "UPDATE ps_product_shop SET price = 10.000000 WHERE id_product = 3",
        "INSERT INTO ps_product (id_product, id_tax_rules_group, price, active,"
        " date_add, date_upd) VALUES (41, 1, 5, 1, NOW(), NOW())",
        "INSERT INTO ps_product_shop (id_product, id_shop, id_tax_rules_group,"
        " price, active, date_add, date_upd)"
        " VALUES (41, 1, 1, 5, 1, NOW(), NOW())",
        "INSERT INTO ps_product_lang (id_product, id_shop, id_lang, name,"
        " link_rewrite) VALUES (41, 1, 1, 'A new pamphlet', 'a-new-pamphlet')",
        "INSERT INTO ps_category_product VALUES (16, 41, 1)",
    )
    report = run_import(fresh_old_shop, tmp_path)
    assert product(2).title == "Renamed in the old shop"
    kept = product(3)
    assert kept.title == "Our own better title"
    assert kept.price == Decimal("12.00")  # 10 + 20 % (a badge); not edited here
    assert "product 3 “Our own better title”: title" in report
    assert product(41).title == "A new pamphlet"
    assert [c.name for c in product(41).categories.all()] == ["History"]
    assert Product.objects.count() == 41
    assert "product: 1 created, 1 updated, 38 unchanged, 1 kept staff edit" in report


def test_what_staff_deleted_here_is_not_brought_back(fresh_old_shop, tmp_path):
    run_import(fresh_old_shop, tmp_path)
    product(6).delete()
    get_user_model().objects.filter(email="reader5@example.org").delete()
    report = run_import(fresh_old_shop, tmp_path)
    assert Product.objects.count() == 39
    assert not get_user_model().objects.filter(email="reader5@example.org").exists()
    assert "product 6 “Title number 6”: deleted" in report
    assert "customer 5 “reader5@example.org”: deleted" in report


def test_a_customer_who_changed_password_here_keeps_it(
    fresh_old_shop, tmp_path, client
):
    run_import(fresh_old_shop, tmp_path)
    user = get_user_model().objects.get(email="reader4@example.org")
    user.set_password("a brand new one")
    user.save()
    run_import(fresh_old_shop, tmp_path)
    assert sign_in(client, username=user.email, password="a brand new one")


def test_wrong_inputs_are_refused_with_a_clear_message(fresh_old_shop, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="mysql://user:password@host/database"):
        call_command("import_prestashop", "postgres://x/y", "--cookie-key", "abc")
    with pytest.raises(CommandError, match="No PrestaShop tables with the prefix"):
        call_command(
            "import_prestashop",
            fresh_old_shop.url,
            "--cookie-key",
            "abc",
            "--prefix",
            "shop_",
        )
    with pytest.raises(CommandError, match="has no p/ folder"):
        call_command(
            "import_prestashop",
            fresh_old_shop.url,
            "--cookie-key",
            "abc",
            "--img-dir",
            str(tmp_path),
        )
    assert counts() == (0, 0, 0, 0, 0)


def test_manufacturers_can_be_authors_instead_of_publishers(fresh_old_shop, tmp_path):
    run_import(fresh_old_shop, tmp_path, "--manufacturers", "author")
    first = product(1)
    assert first.publisher is None
    names = [c.contributor.name for c in first.ordered_credits()]
    assert names == ["AK Press", "Emma Goldman", "Rudolf Rocker"]

"""Reruns of the newer parts: trade accounts, pages, subscribers, operator choices.

Each test imports a fresh old shop of its own (``fresh_old_shop``), so none of
them shares the module-wide import the other test modules read.
"""

from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from migrate_prestashop.models import NewsletterSubscriber, OldLink, Page
from trade.models import TradeAccount

from .conftest import run_import
from .test_rerun import old_shop_sql

pytestmark = pytest.mark.django_db


def test_a_rerun_updates_the_discount_and_keeps_staff_edits(fresh_old_shop, tmp_path):
    run_import(fresh_old_shop, tmp_path)
    assert "trade account: 1 unchanged" in run_import(fresh_old_shop, tmp_path)
    account = TradeAccount.objects.get()
    account.organisation = "Freedom Books (co-op)"
    account.save()
    old_shop_sql(
        fresh_old_shop,
        "UPDATE ps_group SET reduction = 35 WHERE id_group = 4",
        "UPDATE ps_address SET city = 'Leeds' WHERE id_customer = 25",
    )
    report = run_import(fresh_old_shop, tmp_path)
    account = TradeAccount.objects.get()
    assert account.discount_percent == Decimal("35.00")
    assert account.city == "Leeds"
    assert account.organisation == "Freedom Books (co-op)"
    assert "trade account 25 “Freedom Books (co-op)”: organisation" in report
    assert account.members.count() == 1


def test_a_declined_or_deleted_account_is_not_brought_back(fresh_old_shop, tmp_path):
    run_import(fresh_old_shop, tmp_path)
    TradeAccount.objects.update(status=TradeAccount.Status.DECLINED)
    run_import(fresh_old_shop, tmp_path)
    assert TradeAccount.objects.get().status == TradeAccount.Status.DECLINED
    TradeAccount.objects.all().delete()
    report = run_import(fresh_old_shop, tmp_path)
    assert not TradeAccount.objects.exists()
    assert "trade account 25" in report and "deleted" in report


def test_the_operator_names_the_trade_groups(fresh_old_shop, tmp_path):
    run_import(fresh_old_shop, tmp_path, "--trade-group", "none")
    assert not TradeAccount.objects.exists()
    run_import(fresh_old_shop, tmp_path, "--trade-group", "wholesale")
    assert TradeAccount.objects.get().discount_percent == Decimal("30.00")
    with pytest.raises(
        CommandError, match="no customer group “Libraries”.*4 “Wholesale”"
    ):
        run_import(fresh_old_shop, tmp_path, "--trade-group", "Libraries")


def test_a_rerun_duplicates_no_page_subscriber_or_link(fresh_old_shop, tmp_path):
    run_import(fresh_old_shop, tmp_path)
    page = Page.objects.get(slug="delivery")
    page.content = "<p>Staff wrote this.</p>"
    page.save()
    NewsletterSubscriber.objects.all().delete()  # asked to be forgotten
    report = run_import(fresh_old_shop, tmp_path)
    assert Page.objects.count() == 3
    assert Page.objects.get(slug="delivery").content == "<p>Staff wrote this.</p>"
    assert "page 1 “Delivery”: content" in report
    assert "page: 2 unchanged" in report
    assert not NewsletterSubscriber.objects.exists()
    assert OldLink.objects.filter(kind="supplier").count() == 2


def test_cms_links_from_an_earlier_import_get_their_page_unless_staff_chose(
    fresh_old_shop, tmp_path, client
):
    # An import from before pages came over remembered the links with no page;
    # staff then pointed "Delivery" at the checkout's terms.
    OldLink.objects.create(kind="cms", old_id=4, old_name="About us")
    OldLink.objects.create(
        kind="cms", old_id=1, old_name="Delivery", target_url="/checkout/terms/"
    )
    report = run_import(fresh_old_shop, tmp_path)
    assert "page: 2 created, 1 kept staff's address" in report
    assert client.get("/content/4-about-us")["Location"] == "/pages/about-us/"
    assert client.get("/content/1-delivery")["Location"] == "/checkout/terms/"
    assert not Page.objects.filter(slug="delivery").exists()

"""“Email me when it’s back”: sign-up, confirmation, one email per subscriber
whatever path brings the stock back, one-click unsubscribe."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client

from accounts.models import StockAlert
from catalog.models import Product
from checkout import services
from tests.accounts.helpers import link_in, messages_of, text
from tests.factories import make_customer, make_order, make_product

pytestmark = pytest.mark.django_db
Status = StockAlert.Status


@pytest.fixture
def sold_out(db):
    return make_product(title="Sold Out Pamphlet", slug="sold-out", stock=0)


def subscribe(client, committing, product, email="reader@example.org"):
    with committing():
        return client.post(
            "/account/alerts/new/", {"product": product.pk, "email": email}
        )


def waiting_alert(product, email="reader@example.org"):
    return StockAlert.objects.create(
        product=product, email=email, status=Status.WAITING
    )


def alert_emails(mailoutbox):
    return [m for m in mailoutbox if "is back" in m.subject]


def test_an_out_of_stock_product_offers_the_alert_and_an_in_stock_one_not(client):
    assert "Email me when it’s back" in text(
        client.get(make_product(stock=0).get_absolute_url())
    )
    assert "Email me when it’s back" not in text(
        client.get(make_product(stock=3).get_absolute_url())
    )


def test_a_guest_confirms_by_link_before_waiting(
    client, committing, mailoutbox, sold_out
):
    response = subscribe(client, committing, sold_out)
    assert "Check your email" in text(response)
    alert = StockAlert.objects.get()
    assert (alert.status, alert.email) == (Status.UNCONFIRMED, "reader@example.org")
    link = link_in(mailoutbox[-1], "/account/alerts/confirm/")
    assert mailoutbox[-1].extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )

    with committing():
        page = client.get(link)

    assert "We will email reader@example.org once" in text(page)
    assert StockAlert.objects.get().status == Status.WAITING


def test_an_unconfirmed_alert_is_never_sent(committing, mailoutbox, sold_out):
    StockAlert.objects.create(product=sold_out, email="someone@example.org")
    with committing():
        sold_out.stock = 5
        sold_out.save()
    assert not alert_emails(mailoutbox)


@pytest.mark.parametrize(
    ("overrides", "email", "status", "problem"),
    [
        ({"stock": 4}, "a@example.org", 400, "is in stock"),
        ({"stock": 0, "allow_backorder": True}, "a@example.org", 400, "is in stock"),
        ({"stock": 0}, "not an email", 400, "valid email"),
        ({"stock": 0}, "", 400, "required"),
        ({"stock": 0, "is_published": False}, "a@example.org", 404, "not for sale"),
    ],
)
def test_bad_alert_sign_ups_are_refused_and_create_nothing(
    client, committing, mailoutbox, overrides, email, status, problem
):
    product = make_product(**overrides)
    response = subscribe(client, committing, product, email)
    assert response.status_code == status
    assert problem in text(response)
    assert not StockAlert.objects.exists() and not mailoutbox


@pytest.mark.parametrize("value", ["", "abc", "99999999", "1e9", "-1", "9" * 30])
def test_an_unknown_product_is_404(client, value):
    response = client.post("/account/alerts/new/", {"product": value, "email": "a@b.c"})
    assert response.status_code == 404


def test_signing_up_twice_sends_one_confirmation(
    client, committing, mailoutbox, sold_out
):
    subscribe(client, committing, sold_out, "Reader@Example.org")
    subscribe(client, committing, sold_out, "reader@example.org")
    assert StockAlert.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_signed_in_customer_subscribes_in_one_click(client, mailoutbox, sold_out):
    client.force_login(make_customer("rosa@example.org"))
    response = client.post(
        "/account/alerts/new/", {"product": sold_out.pk}, follow=True
    )
    assert (
        "We will email rosa@example.org when “Sold Out Pamphlet” is back."
        in messages_of(response)
    )
    assert StockAlert.objects.get().status == Status.WAITING
    again = client.post("/account/alerts/new/", {"product": sold_out.pk}, follow=True)
    assert "You are already waiting for “Sold Out Pamphlet”." in messages_of(again)
    assert "Sold Out Pamphlet" in text(client.get("/account/alerts/"))


def restock_by_save(product):
    product.stock = 3
    product.save()


def restock_by_update(product):
    Product.objects.filter(pk=product.pk).update(stock=F("stock") + 2)


def restock_by_bulk_update(product):
    product.stock = 2
    Product.objects.bulk_update([product], ["stock"])


def restock_by_import(product, tmp_path):
    path = tmp_path / "stock.csv"
    path.write_text(f"slug,stock\n{product.slug},7\n")
    call_command("import_products", str(path), stdout=io.StringIO())


@pytest.mark.parametrize(
    "restock", [restock_by_save, restock_by_update, restock_by_bulk_update]
)
def test_every_way_of_restocking_sends_each_subscriber_one_email(
    committing, mailoutbox, sold_out, restock
):
    waiting_alert(sold_out, "a@example.org")
    waiting_alert(sold_out, "b@example.org")
    with committing():
        restock(sold_out)
    sent = alert_emails(mailoutbox)
    assert sorted(m.to[0] for m in sent) == ["a@example.org", "b@example.org"]
    assert "https://shop.example.org" + sold_out.get_absolute_url() in sent[0].body
    assert "List-Unsubscribe" in sent[0].extra_headers
    assert set(StockAlert.objects.values_list("status", flat=True)) == {Status.SENT}

    with committing():
        Product.objects.filter(pk=sold_out.pk).update(stock=F("stock") + 5)
    assert len(alert_emails(mailoutbox)) == 2  # the alert has ended


def test_the_csv_import_restocks_and_sends(committing, mailoutbox, sold_out, tmp_path):
    waiting_alert(sold_out)
    with committing():
        restock_by_import(sold_out, tmp_path)
    (sent,) = alert_emails(mailoutbox)
    assert sold_out.get_absolute_url() in sent.body


def test_a_cancelled_order_returning_stock_sends_the_alert(
    committing, mailoutbox, postage
):
    _, posted, _ = postage
    last_copy = make_product(title="Last copy", stock=1)
    with committing():  # the order was placed in a transaction of its own
        order = make_order((last_copy, 1), method=posted)
    assert Product.objects.get(pk=last_copy.pk).stock == 0
    waiting_alert(last_copy)
    with committing():
        services.cancel(order=order)
    (sent,) = alert_emails(mailoutbox)
    assert "“Last copy” is back" in sent.subject


def test_stock_written_outside_django_is_caught_by_the_command(
    committing, mailoutbox, sold_out
):
    waiting_alert(sold_out)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalog_product SET stock = 4 WHERE id = %s", [sold_out.pk]
        )
    out = io.StringIO()
    with committing():
        call_command("send_stock_alerts", stdout=out)
        call_command("send_stock_alerts", stdout=out)
    assert "Sent 1 stock alert(s)." in out.getvalue()
    assert "Sent 0 stock alert(s)." in out.getvalue()
    assert len(alert_emails(mailoutbox)) == 1


def test_an_order_taking_stock_sends_nothing(committing, mailoutbox, postage):
    _, posted, _ = postage
    product = make_product(stock=0, allow_backorder=False)
    waiting_alert(product)
    other = make_product(stock=5)
    with committing():
        make_order((other, 1), method=posted)
    assert not alert_emails(mailoutbox)


def test_unsubscribe_shows_one_button_and_ends_every_alert_of_the_address(
    client, sold_out
):
    alert = waiting_alert(sold_out)
    another = waiting_alert(make_product(stock=0))
    page = client.get(alert.get_unsubscribe_url())
    assert "Unsubscribe" in text(page)
    assert (
        StockAlert.objects.get(pk=alert.pk).status == Status.WAITING
    )  # GET: no change
    done = client.post(alert.get_unsubscribe_url())
    assert "We will send no more stock alerts to reader@example.org" in text(done)
    assert {
        a.status for a in StockAlert.objects.filter(pk__in=[alert.pk, another.pk])
    } == {Status.CANCELLED}


def test_a_mail_programs_one_click_unsubscribe_needs_no_form(sold_out):
    alert = waiting_alert(sold_out)
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        alert.get_unsubscribe_url(), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert StockAlert.objects.get().status == Status.CANCELLED


def test_a_wrong_token_is_refused(client):
    assert client.get("/account/alerts/unsubscribe/nope/").status_code == 404
    assert client.get("/account/alerts/confirm/nope/").status_code == 400


def test_another_customers_alert_cannot_be_seen_or_cancelled(client, sold_out):
    theirs = make_customer("them@example.org")
    alert = StockAlert.objects.create(
        product=sold_out,
        email=theirs.email,
        customer=theirs.customer,
        status=Status.WAITING,
    )
    client.force_login(make_customer("me@example.org"))
    assert "Sold Out Pamphlet" not in text(client.get("/account/alerts/"))
    assert client.post(f"/account/alerts/{alert.pk}/cancel/").status_code == 404
    assert StockAlert.objects.get().status == Status.WAITING


def test_staff_see_products_by_demand(admin_client, sold_out):
    wanted = make_product(title="Much wanted", stock=0)
    for n in range(3):
        waiting_alert(wanted, f"r{n}@example.org")
    waiting_alert(sold_out)
    page = text(admin_client.get("/admin/accounts/waitingfor/"))
    assert page.index("Much wanted") < page.index("Sold Out Pamphlet")
    assert "Much wanted 3" in page


def test_alert_emails_have_a_clickable_html_part(committing, mailoutbox, sold_out):
    waiting_alert(sold_out)
    with committing():
        restock_by_save(sold_out)
    (sent,) = alert_emails(mailoutbox)
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    url = "https://shop.example.org" + sold_out.get_absolute_url()
    assert f'<a href="{url}"' in html

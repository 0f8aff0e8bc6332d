"""Staff in admin: payments never above the balance, holds with a reason,
balance and overdue per account, CSV exports."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import make_customer, make_trade_account
from trade import invoicing
from trade.models import Invoice, InvoiceLine, Member, Payment, TradeAccount

pytestmark = pytest.mark.django_db
D = Decimal


def _invoice(account, amount):
    return invoicing.invoice_lines(
        account=account,
        lines=[
            InvoiceLine(
                title="Zine",
                quantity=1,
                cover_price=D(amount),
                unit_price=D(amount),
                line_total=D(amount),
            )
        ],
    )


def _pay(admin_client, invoice, amount):
    return admin_client.post(
        "/admin/trade/payment/add/",
        {
            "invoice": invoice.pk,
            "amount": amount,
            "received_on": "2026-11-20",
            "method": "bank_transfer",
            "reference": "BACS",
        },
        follow=True,
    )


def test_staff_record_part_then_whole_payment(admin_client, admin_user):
    invoice = _invoice(make_trade_account(), "25.30")
    page = admin_client.get(f"/admin/trade/invoice/{invoice.pk}/change/")
    assert "Record a payment" in page.content.decode()
    response = _pay(admin_client, invoice, "10.00")
    assert "Recorded £10.00 against INV-00001; £15.30 still owed." in (
        response.content.decode()
    )
    response = _pay(admin_client, invoice, "15.30")
    assert "£0.00 still owed" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.is_paid
    assert list(Payment.objects.values_list("amount", flat=True)) == [
        D("10.00"),
        D("15.30"),
    ]
    assert Payment.objects.first().recorded_by == admin_user


@pytest.mark.parametrize("amount", ["25.31", "0", "-5", "abc", "1.001"])
def test_a_payment_above_the_balance_or_not_money_is_refused(admin_client, amount):
    invoice = _invoice(make_trade_account(), "25.30")
    response = _pay(admin_client, invoice, amount)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Payment.objects.exists()
    invoice.refresh_from_db()
    assert invoice.amount_paid == D("0.00")


def test_above_the_balance_message_names_the_balance(admin_client):
    invoice = _invoice(make_trade_account(), "25.30")
    page = _pay(admin_client, invoice, "30.00").content.decode()
    assert "more than the £25.30 still owed on INV-00001" in page


def test_a_hold_needs_a_reason(admin_client):
    account = make_trade_account()
    url = f"/admin/trade/tradeaccount/{account.pk}/change/"
    page = admin_client.get(url)
    data = {
        k: v for k, v in page.context["adminform"].form.initial.items() if v is not None
    }
    data |= {
        "on_hold": "on",
        "hold_reason": "",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "1",
        "members-0-id": account.members.get().pk,
        "members-0-account": account.pk,
        "members-0-customer": account.members.get().customer_id,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Say why the account is on hold" in response.content.decode()
    account.refresh_from_db()
    assert not account.on_hold
    data["hold_reason"] = "Three invoices overdue."
    response = admin_client.post(url, data)
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.on_hold and account.hold_reason == "Three invoices overdue."


def test_accounts_list_their_balance_and_overdue(admin_client):
    late = make_trade_account(organisation="Late Books")
    prompt = make_trade_account(make_customer(), organisation="Prompt Books")
    old = _invoice(late, "40.00")
    _invoice(late, "10.00")
    Invoice.objects.filter(pk=old.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    invoicing.record_payment(invoice=old, amount=D("15.00"))
    _invoice(prompt, "7.00")
    # A second member must not count the invoices twice, searched or not.
    Member.objects.create(account=late, customer=make_customer().customer)
    searched = admin_client.get("/admin/trade/tradeaccount/?q=example.org")
    assert "£35.00" in searched.content.decode()
    page = admin_client.get("/admin/trade/tradeaccount/").content.decode()
    late_row = page[page.index("Late Books") :][:1500]
    assert "£35.00" in late_row  # balance: 25 + 10
    assert "£25.00" in late_row  # overdue
    prompt_row = page[page.index("Prompt Books") :][:1500]
    assert "£7.00" in prompt_row and "£0.00" in prompt_row
    assert TradeAccount.objects.count() == 2


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_exports_of_invoices_and_payments(admin_client):
    account = make_trade_account(organisation="=HYPERLINK(evil)")
    first, second = _invoice(account, "25.30"), _invoice(account, "4.00")
    invoicing.record_payment(invoice=first, amount=D("10.00"), reference="BACS 7")
    response = admin_client.post(
        "/admin/trade/invoice/",
        {"action": "export_csv", "_selected_action": [first.pk, second.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[0][:3] == ["number", "issued", "due"]
    assert rows[1][0] == "INV-00001" and rows[1][3] == "'=HYPERLINK(evil)"
    assert rows[1][7:] == [
        "25.30",
        "10.00",
        "0.00",
        "15.30",
    ]  # total, paid, credited, balance
    assert rows[2][0] == "INV-00002"
    response = admin_client.post(
        "/admin/trade/payment/",
        {"action": "export_csv", "_selected_action": [Payment.objects.get().pk]},
    )
    rows = _rows(response)
    assert rows[1][1:] == [
        "INV-00001",
        "'=HYPERLINK(evil)",
        "10.00",
        "bank transfer",
        "BACS 7",
    ]


def test_staff_can_open_any_invoice_and_its_pdf(admin_client):
    invoice = _invoice(make_trade_account(), "4.00")
    assert admin_client.get(invoice.get_absolute_url()).status_code == 200
    pdf = admin_client.get(f"/trade/invoices/{invoice.number}/pdf/")
    assert pdf.content.startswith(b"%PDF-")

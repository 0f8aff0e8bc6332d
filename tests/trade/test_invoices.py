"""Pay on invoice: the invoice an order issues, its PDF, payments, the
statement, reminders, holds and credit limits."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from checkout.exceptions import CheckoutError
from checkout.models import Order
from tests.factories import make_customer, make_product, make_trade_account
from tests.trade.checkout_steps import checkout
from trade import invoicing
from trade.models import Invoice, InvoiceCounter, Payment, TradeAccount

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def buyer(client, settings):
    settings.TRADE_MINIMUM_ORDER = "0"
    user = make_customer("lucy@example.org")
    make_trade_account(user, payment_days=30)
    client.force_login(user)
    return user


def _add(client, product, quantity):
    client.post("/cart/add/", {"product": product.pk, "quantity": quantity})


def test_an_invoice_order_issues_a_numbered_invoice(
    client, buyer, postage, committing, mailoutbox
):
    book = make_product(
        title="Mutual Aid", price=D("3.50"), isbn="9780306406157", stock=20
    )
    _add(client, book, 10)
    with committing():
        response = checkout(client, payment="invoice")
    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()
    assert order.status == Order.Status.INVOICED
    assert order.priced_for == "Freedom Infoshop"
    invoice = Invoice.objects.get()
    assert invoice.number == 1 and invoice.label == "INV-00001"
    assert invoice.order == order
    today = timezone.localdate()
    assert invoice.issued_on == today
    assert invoice.due_on == today + datetime.timedelta(days=30)
    [line] = invoice.lines.all()
    assert (line.quantity, line.cover_price, line.unit_price, line.line_total) == (
        10,
        D("3.50"),
        D("2.28"),
        D("22.80"),
    )
    assert line.isbn == "9780306406157"
    assert (invoice.subtotal, invoice.postage, invoice.total) == (
        D("22.80"),
        D("2.50"),
        D("25.30"),
    )
    assert invoice.total == order.total
    book.refresh_from_db()
    assert book.stock == 10
    page = client.get(order.get_absolute_url()).content.decode()
    assert "invoice INV-00001 for <strong>£25.30</strong>" in page
    confirmation = next(m for m in mailoutbox if "lucy@example.org" in m.to)
    assert "with invoice INV-00001 for £25.30" in confirmation.body
    shown = client.get("/trade/invoices/1/").content.decode()
    for text in [
        "Invoice INV-00001",
        "Freedom Infoshop",
        "84b Whitechapel High Street",
        "Radical Books, 1 Example St, Bristol",
        "Mutual Aid",
        "£22.80",
        "£2.50",
        "£25.30",
        "Sort code",
        "quoting <strong>INV-00001</strong>",
    ]:
        assert text in shown, text


def test_the_invoice_downloads_as_a_pdf(client, buyer, postage):
    _add(client, make_product(title="Mutual Aid", price=D("3.50")), 2)
    checkout(client, payment="invoice")
    response = client.get("/trade/invoices/1/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="INV-00001.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")


def test_invoice_is_offered_only_to_approved_trade_accounts(client, postage):
    client.force_login(make_customer())
    _add(client, make_product(price=D("3.50")), 2)
    page = client.get("/checkout/details/").content.decode()
    assert 'value="invoice"' not in page
    response = checkout(client, payment="invoice")
    assert response.status_code == 200  # the form again
    assert "Choose one of the ways to pay shown here." in response.content.decode()
    assert not Order.objects.exists()


def test_an_account_on_hold_cannot_order_on_invoice(client, buyer, postage):
    book = make_product(price=D("3.50"), stock=5)
    _add(client, book, 2)
    assert "Invoice to Freedom Infoshop: pay within 30 days" in (
        client.get("/checkout/details/").content.decode()
    )
    TradeAccount.objects.update(on_hold=True, hold_reason="Two invoices overdue.")
    page = client.get("/checkout/details/").content.decode()
    assert "on hold, so it cannot order on invoice: Two invoices overdue." in page
    checkout(client, payment="invoice")
    assert not Order.objects.exists() and not Invoice.objects.exists()
    book.refresh_from_db()
    assert book.stock == 5


def test_a_hold_placed_after_review_still_refuses_the_order(client, buyer, postage):
    """The invoice is issued under a lock on the account, after the review."""
    book = make_product(price=D("3.50"), stock=5)
    _add(client, book, 2)
    response = checkout(client, payment="invoice")
    assert Invoice.objects.count() == 1
    # Straight at the service: a hold the page did not know about.
    TradeAccount.objects.update(on_hold=True, hold_reason="Cheque bounced.")
    order = Order.objects.get()
    with pytest.raises(CheckoutError, match="Cheque bounced"):
        invoicing.invoice_order(order=order, account_id=TradeAccount.objects.get().pk)
    assert response.status_code == 302


def test_the_credit_limit_refuses_an_order_that_would_pass_it(client, buyer, postage):
    TradeAccount.objects.update(credit_limit=D("20.00"))
    book = make_product(price=D("10.00"), stock=50)
    _add(client, book, 2)  # £13.00 + £2.50 postage = £15.50
    checkout(client, payment="invoice")
    assert Invoice.objects.count() == 1
    _add(client, book, 1)  # £6.50 + £2.50 = £9.00; 15.50 + 9.00 > 20.00
    response = checkout(client, payment="invoice")
    follow = client.get(response["Location"]).content.decode()
    assert "over its credit limit of £20.00 (it owes £15.50 now)" in follow
    assert Invoice.objects.count() == 1 and Order.objects.count() == 1
    book.refresh_from_db()
    assert book.stock == 48
    # Paying something off makes room again.
    invoicing.record_payment(invoice=Invoice.objects.get(), amount=D("5.00"))
    checkout(client, payment="invoice")
    assert Invoice.objects.count() == 2


def test_numbers_run_on_without_gaps_when_an_invoice_rolls_back(buyer):
    account = TradeAccount.objects.get()
    made = [
        invoicing.invoice_lines(account=account, lines=[_line()]).number
        for _ in range(3)
    ]
    with pytest.raises(RuntimeError), transaction.atomic():
        invoicing.invoice_lines(account=account, lines=[_line()])
        raise RuntimeError("the order failed after its invoice was numbered")
    made.append(invoicing.invoice_lines(account=account, lines=[_line()]).number)
    assert made == [1, 2, 3, 4]
    assert InvoiceCounter.objects.get(name="invoice").last_number == 4


def _line(amount="10.00"):
    from trade.models import InvoiceLine

    return InvoiceLine(
        title="Zine",
        quantity=1,
        cover_price=D(amount),
        unit_price=D(amount),
        line_total=D(amount),
    )


def test_payments_part_and_whole_never_above_the_balance(buyer):
    account = TradeAccount.objects.get()
    invoice = invoicing.invoice_lines(account=account, lines=[_line("25.30")])
    invoicing.record_payment(invoice=invoice, amount=D("10.00"), reference="BACS 1")
    assert invoice.balance == D("15.30")
    with pytest.raises(invoicing.PaymentError, match="more than the £15.30 still"):
        invoicing.record_payment(invoice=invoice, amount=D("15.31"))
    for bad in [D("0"), D("-1.00"), D("0.001")]:
        with pytest.raises(invoicing.PaymentError):
            invoicing.record_payment(invoice=invoice, amount=bad)
    invoicing.record_payment(invoice=invoice, amount=D("15.30"))
    invoice.refresh_from_db()
    assert invoice.is_paid and invoice.balance == D("0.00")
    assert Payment.objects.count() == 2
    with pytest.raises(invoicing.PaymentError):
        invoicing.record_payment(invoice=invoice, amount=D("0.01"))


def test_the_statement_shows_invoices_payments_balance_and_overdue(client, buyer):
    account = TradeAccount.objects.get()
    old = invoicing.invoice_lines(account=account, lines=[_line("40.00")])
    Invoice.objects.filter(pk=old.pk).update(
        issued_on=timezone.localdate() - datetime.timedelta(days=45),
        due_on=timezone.localdate() - datetime.timedelta(days=15),
    )
    invoicing.invoice_lines(account=account, lines=[_line("12.50")])
    invoicing.record_payment(invoice=old, amount=D("15.00"), reference="cheque 12")
    page = client.get("/trade/statement/").content.decode()
    assert 'data-total="balance">£37.50' in page
    assert 'data-total="overdue">£25.00' in page
    assert "Overdue: " in page and "INV-00001" in page
    assert "cheque 12" in page
    invoicing.record_payment(invoice=old, amount=D("25.00"))
    invoicing.record_payment(invoice=Invoice.objects.get(number=2), amount=D("12.50"))
    page = client.get("/trade/statement/").content.decode()
    assert 'data-total="balance">£0.00' in page
    assert 'data-total="overdue">£0.00' in page


def test_one_account_cannot_see_anothers_invoices(client, buyer):
    other = make_trade_account(make_customer(), organisation="Other Shop")
    theirs = invoicing.invoice_lines(account=other, lines=[_line()])
    assert client.get(f"/trade/invoices/{theirs.number}/").status_code == 404
    assert client.get(f"/trade/invoices/{theirs.number}/pdf/").status_code == 404
    assert "Other Shop" not in client.get("/trade/statement/").content.decode()


def test_retail_customers_get_403_on_statement_and_invoices(client, buyer):
    account = TradeAccount.objects.get()
    invoicing.invoice_lines(account=account, lines=[_line()])
    client.force_login(make_customer())
    for path in ["/trade/statement/", "/trade/invoices/1/", "/trade/invoices/1/pdf/"]:
        assert client.get(path).status_code == 403


def test_a_reminder_goes_once_a_week_after_the_due_date(buyer, committing, mailoutbox):
    account = TradeAccount.objects.get()
    invoice = invoicing.invoice_lines(account=account, lines=[_line("20.00")])
    paid = invoicing.invoice_lines(account=account, lines=[_line("5.00")])
    invoicing.record_payment(invoice=paid, amount=D("5.00"))
    today = timezone.localdate()
    Invoice.objects.update(due_on=today - datetime.timedelta(days=6))
    mailoutbox.clear()
    with committing():
        call_command("send_invoice_reminders")
    assert not mailoutbox
    Invoice.objects.update(due_on=today - datetime.timedelta(days=7))
    with committing():
        call_command("send_invoice_reminders")
        call_command("send_invoice_reminders")
    [mail] = mailoutbox
    assert mail.to == ["lucy@example.org"]
    assert "INV-00001 is overdue" in mail.subject
    assert "£20.00 of it is still unpaid" in mail.body
    assert invoice.get_absolute_url() in mail.body

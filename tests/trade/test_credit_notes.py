"""Credit notes: staff issue them from an invoice in admin; they take money off
the invoice (never more than invoiced), put returned copies back in stock,
are emailed, and the buyer (only theirs) sees them with a PDF."""

import csv
import io
import shutil
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from catalog.models import Product
from checkout.models import Order
from outbox.models import Email
from tests.conftest import require
from tests.factories import make_customer, make_product, make_trade_account
from tests.test_valid_html import VNU_JAR, validate
from tests.trade.checkout_steps import checkout
from trade import consignments, credit_notes, invoicing
from trade.consignments import Settled
from trade.models import CreditNote, Invoice, InvoiceCounter, InvoiceLine

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def buyer(settings):
    settings.TRADE_MINIMUM_ORDER = "0"
    user = make_customer("lucy@example.org")
    make_trade_account(user)
    return user


def _invoice(account, *lines):
    """Invoice ``(product, quantity, unit_price)`` lines without an order."""
    return invoicing.invoice_lines(
        account=account,
        lines=[
            InvoiceLine(
                title=product.title,
                isbn=product.isbn,
                product=product,
                quantity=quantity,
                cover_price=product.price,
                unit_price=D(unit),
                line_total=D(unit) * quantity,
            )
            for product, quantity, unit in lines
        ],
    )


def _form(invoice, credits=None, **fields):
    data = {"postage": "0.00", "reason": "Returned unsold", "restock": "on"}
    for line in invoice.lines.all():
        data[f"credit_{line.pk}"] = (credits or {}).get(line.title, 0)
    return data | fields


def _issue(admin_client, invoice, credits=None, **fields):
    return admin_client.post(
        f"/admin/trade/creditnote/for-invoice/{invoice.pk}/",
        _form(invoice, credits, **fields),
        follow=True,
    )


def _state(invoice):
    invoice.refresh_from_db()
    return {
        "notes": CreditNote.objects.count(),
        "credited": invoice.amount_credited,
        "stock": dict(Product.objects.values_list("title", "stock")),
        "emails": Email.objects.filter(kind="trade.credit_note").count(),
        "counter": list(InvoiceCounter.objects.values_list("name", "last_number")),
    }


def test_an_invoiced_order_cut_down_in_admin_gets_a_credit_note(
    client, admin_client, buyer, postage, committing
):
    book = make_product(title="Mutual Aid", price=D("3.50"), stock=20)
    zine = make_product(title="Fires", price=D("2.00"), stock=5)
    client.force_login(buyer)
    client.post("/cart/add/", {"product": book.pk, "quantity": 10})
    client.post("/cart/add/", {"product": zine.pk, "quantity": 2})
    with committing():
        checkout(client, payment="invoice")
    invoice = Invoice.objects.get()
    assert invoice.total == D("22.80") + D("2.60") + D("2.50")

    with committing():
        response = _issue(
            admin_client,
            invoice,
            {"Mutual Aid": 3},
            postage="2.50",
            reason="Three copies cancelled before sending",
        )

    page = response.content.decode()
    assert "Issued credit note CN-00001 for £9.34" in page
    assert "INV-00001 now has £18.56 to pay" in page
    note = CreditNote.objects.get()
    assert (note.number, note.invoice, note.subtotal, note.postage, note.total) == (
        1,
        invoice,
        D("6.84"),
        D("2.50"),
        D("9.34"),
    )
    [line] = note.lines.all()
    assert (line.title, line.quantity, line.unit_price, line.line_total) == (
        "Mutual Aid",
        3,
        D("2.28"),
        D("6.84"),
    )
    invoice.refresh_from_db()
    assert invoice.amount_credited == D("9.34") and invoice.balance == D("18.56")
    book.refresh_from_db()
    zine.refresh_from_db()
    assert (book.stock, zine.stock) == (13, 3)
    [email] = Email.objects.filter(kind="trade.credit_note")
    assert email.to == "lucy@example.org"
    assert email.subject.endswith("Credit note CN-00001 for invoice INV-00001")
    assert "£9.34 off invoice INV-00001" in email.body
    assert "£18.56 is still owed" in email.body
    assert "https://shop.example.org/trade/credit-notes/1/" in email.body
    assert Order.objects.get().status == Order.Status.INVOICED


def test_the_buyer_sees_the_credit_note_on_the_invoice_statement_and_its_page(
    client, buyer
):
    book = make_product(title="Mutual Aid", price=D("3.50"), stock=0)
    invoice = _invoice(buyer.customer.trade_member.account, (book, 4, "2.28"))
    credit_notes.issue(
        invoice=invoice,
        credits=[credit_notes.Credit(line=invoice.lines.get(), quantity=1)],
        reason="One copy damaged in the post",
        restock=False,
    )
    client.force_login(buyer)

    page = client.get("/trade/credit-notes/1/").content.decode()
    assert "Credit note CN-00001" in page and "One copy damaged in the post" in page
    assert "£2.28" in page and "Still to pay: <strong>£6.84</strong>" in page
    shown = client.get("/trade/invoices/1/").content.decode()
    assert "CN-00001" in shown and "Credited" in shown and "£6.84" in shown
    statement = client.get("/trade/statement/").content.decode()
    assert "Credit note CN-00001 for INV-00001" in statement
    assert 'data-total="balance">£6.84' in statement
    book.refresh_from_db()
    assert book.stock == 0  # not restocked: the damaged copy stays with them


def test_the_credit_note_downloads_as_a_pdf(client, buyer):
    book = make_product(title="Mutual Aid", stock=0)
    invoice = _invoice(buyer.customer.trade_member.account, (book, 2, "2.28"))
    credit_notes.issue(
        invoice=invoice,
        credits=[credit_notes.Credit(line=invoice.lines.get(), quantity=2)],
        reason="Returned",
        restock=True,
    )
    client.force_login(buyer)
    response = client.get("/trade/credit-notes/1/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="CN-00001.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-") and len(response.content) > 5000


def test_a_buyer_sees_only_their_own_credit_notes(client, buyer):
    other = make_trade_account(make_customer("other@example.org"))
    book = make_product(stock=0)
    theirs = _invoice(other, (book, 2, "1.00"))
    credit_notes.issue(
        invoice=theirs,
        credits=[credit_notes.Credit(line=theirs.lines.get(), quantity=1)],
        reason="Returned",
        restock=False,
    )
    client.force_login(buyer)
    assert client.get("/trade/credit-notes/1/").status_code == 404
    assert client.get("/trade/credit-notes/1/pdf/").status_code == 404
    assert "CN-00001" not in client.get("/trade/statement/").content.decode()
    client.force_login(make_customer("retail@example.org"))
    assert client.get("/trade/credit-notes/1/").status_code == 403
    client.logout()
    assert client.get("/trade/credit-notes/1/").status_code == 302


def test_staff_without_the_permission_cannot_issue_one(client, buyer):
    invoice = _invoice(buyer.customer.trade_member.account, (make_product(), 2, "1"))
    clerk = make_customer("clerk@example.org")
    clerk.is_staff = True
    clerk.save()
    clerk.user_permissions.add(Permission.objects.get(codename="view_invoice"))
    client.force_login(clerk)
    before = _state(invoice)
    response = client.post(
        f"/admin/trade/creditnote/for-invoice/{invoice.pk}/", _form(invoice)
    )
    assert response.status_code == 403
    assert _state(invoice) == before


@pytest.mark.parametrize(
    ("credits", "fields", "problem"),
    [
        ({"Zine": 3}, {}, "Only 2 of the 2 invoiced can still be credited."),
        ({"Zine": -1}, {}, "Ensure this value is greater than or equal to 0."),
        ({"Zine": "two"}, {}, "Enter a whole number."),
        ({"Zine": 1}, {"postage": "0.01"}, "Only £0.00 of the postage"),
        ({"Zine": 1}, {"postage": "-1"}, "greater than or equal to 0"),
        ({"Zine": 1}, {"postage": "0.001"}, "no more than 2 decimal places"),
        ({"Zine": 1}, {"reason": ""}, "This field is required."),
        ({}, {}, "Enter the copies or the postage to credit."),
    ],
)
def test_bad_entries_are_refused_with_a_reason_and_change_nothing(
    admin_client, buyer, credits, fields, problem
):
    zine = make_product(title="Zine", stock=4)
    invoice = _invoice(buyer.customer.trade_member.account, (zine, 2, "1.30"))
    before = _state(invoice)
    response = admin_client.post(
        f"/admin/trade/creditnote/for-invoice/{invoice.pk}/",
        _form(invoice, credits, **fields),
    )
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert _state(invoice) == before


def test_a_line_is_never_credited_for_more_than_was_invoiced(admin_client, buyer):
    zine = make_product(title="Zine", stock=0)
    invoice = _invoice(buyer.customer.trade_member.account, (zine, 3, "1.30"))
    _issue(admin_client, invoice, {"Zine": 2})
    before = _state(invoice)
    response = admin_client.post(
        f"/admin/trade/creditnote/for-invoice/{invoice.pk}/",
        _form(invoice, {"Zine": 2}),
    )
    assert "Only 1 of the 3 invoiced can still be credited." in (
        response.content.decode()
    )
    assert _state(invoice) == before
    # The service checks again, whatever a form let through.
    with pytest.raises(credit_notes.CreditNoteError, match="only 1 of 3"):
        credit_notes.issue(
            invoice=invoice,
            credits=[credit_notes.Credit(line=invoice.lines.get(), quantity=2)],
            reason="x",
            restock=True,
        )
    assert _state(invoice) == before


def test_credits_in_pennies_add_up_to_exactly_what_was_invoiced(buyer):
    # 3 × £0.01 and a line whose total is not its unit price times quantity
    # (an order's rounding): the last copies credit exactly what is left.
    penny = make_product(title="Sticker", stock=0)
    odd = make_product(title="Odd", stock=0)
    invoice = invoicing.invoice_lines(
        account=buyer.customer.trade_member.account,
        lines=[
            InvoiceLine(
                title="Sticker",
                product=penny,
                quantity=3,
                cover_price=D("0.02"),
                unit_price=D("0.01"),
                line_total=D("0.03"),
            ),
            InvoiceLine(
                title="Odd",
                product=odd,
                quantity=3,
                cover_price=D("1.00"),
                unit_price=D("0.33"),
                line_total=D("1.00"),
            ),
        ],
    )
    sticker, odd_line = invoice.lines.order_by("pk")
    totals = []
    for quantity in (1, 1, 1):
        note = credit_notes.issue(
            invoice=invoice,
            credits=[
                credit_notes.Credit(line=sticker, quantity=quantity),
                credit_notes.Credit(line=odd_line, quantity=quantity),
            ],
            reason="Returned",
            restock=False,
        )
        totals.append(note.total)
    assert totals == [D("0.34"), D("0.34"), D("0.35")]
    invoice.refresh_from_db()
    assert invoice.amount_credited == invoice.total == D("1.03")
    assert invoice.balance == D("0.00") and invoice.is_paid
    assert [n.number for n in CreditNote.objects.order_by("number")] == [1, 2, 3]
    with pytest.raises(credit_notes.CreditNoteError):
        credit_notes.issue(
            invoice=invoice,
            credits=[credit_notes.Credit(line=sticker, quantity=1)],
            reason="x",
            restock=False,
        )


def test_a_credit_after_payment_leaves_a_refund_due_and_no_further_payment(
    client, buyer, committing
):
    zine = make_product(title="Zine", stock=0)
    invoice = _invoice(buyer.customer.trade_member.account, (zine, 2, "5.00"))
    invoicing.record_payment(invoice=invoice, amount=D("6.00"))
    with committing():
        credit_notes.issue(
            invoice=invoice,
            credits=[credit_notes.Credit(line=invoice.lines.get(), quantity=1)],
            reason="Returned",
            restock=True,
        )
    invoice.refresh_from_db()
    assert invoice.balance == D("-1.00") and invoice.refund_due == D("1.00")
    email = Email.objects.get(kind="trade.credit_note")
    assert "overpaid by £1.00: we will pay that back to you" in email.body
    with pytest.raises(invoicing.PaymentError):
        invoicing.record_payment(invoice=invoice, amount=D("0.01"))
    client.force_login(buyer)
    assert "Refund due to you" in client.get("/trade/invoices/1/").content.decode()
    assert invoicing.outstanding(invoice.account) == D("-1.00")


def test_payments_stop_at_the_balance_left_after_a_credit(buyer):
    zine = make_product(title="Zine", stock=0)
    invoice = _invoice(buyer.customer.trade_member.account, (zine, 2, "5.00"))
    credit_notes.issue(
        invoice=invoice,
        credits=[credit_notes.Credit(line=invoice.lines.get(), quantity=1)],
        reason="Returned",
        restock=False,
    )
    with pytest.raises(invoicing.PaymentError, match="£5.00 still owed"):
        invoicing.record_payment(invoice=invoice, amount=D("5.01"))
    invoicing.record_payment(invoice=invoice, amount=D("5.00"))
    invoice.refresh_from_db()
    assert invoice.is_paid and not Invoice.objects.unpaid().exists()


def test_copies_sold_on_sale_or_return_come_back_through_a_credit_note(
    admin_client, buyer
):
    account = buyer.customer.trade_member.account
    book = make_product(title="Mutual Aid", price=D("3.50"), stock=10)
    consignment = consignments.send(account=account, lines=[(book, 6)])
    line = consignment.lines.get()
    invoice = consignments.settle(
        consignment=consignment, changes=[Settled(line=line, returned=1, sold=4)]
    )
    book.refresh_from_db()
    assert book.stock == 5

    _issue(admin_client, invoice, {"Mutual Aid": 3}, reason="Reported sold by mistake")

    line.refresh_from_db()
    book.refresh_from_db()
    assert (line.quantity_sold, line.quantity_returned, line.outstanding) == (1, 4, 1)
    assert book.stock == 8
    invoice.refresh_from_db()
    assert invoice.balance == line.unit_price * 1


def test_a_restock_the_consignment_cannot_account_for_changes_nothing(buyer):
    account = buyer.customer.trade_member.account
    book = make_product(title="Mutual Aid", stock=10)
    consignment = consignments.send(account=account, lines=[(book, 2)])
    line = consignment.lines.get()
    invoice = consignments.settle(
        consignment=consignment, changes=[Settled(line=line, sold=2)]
    )
    # Staff moved the copies back by hand in the meantime.
    type(line).objects.filter(pk=line.pk).update(quantity_sold=1, quantity_returned=1)
    before = _state(invoice)
    with pytest.raises(credit_notes.CreditNoteError, match="fewer than 2"):
        credit_notes.issue(
            invoice=invoice,
            credits=[credit_notes.Credit(line=invoice.lines.get(), quantity=2)],
            reason="Returned",
            restock=True,
        )
    assert _state(invoice) == before


def test_credit_notes_are_listed_in_admin_and_linked_from_the_invoice(
    admin_client, buyer
):
    invoice = _invoice(buyer.customer.trade_member.account, (make_product(), 2, "1"))
    change = admin_client.get(f"/admin/trade/invoice/{invoice.pk}/change/")
    assert "Issue a credit note" in change.content.decode()
    _issue(admin_client, invoice, {invoice.lines.get().title: 1})
    listing = admin_client.get("/admin/trade/creditnote/").content.decode()
    assert "CN-00001" in listing and "Freedom Infoshop" in listing
    change = admin_client.get(f"/admin/trade/invoice/{invoice.pk}/change/")
    assert "CN-00001" in change.content.decode()
    assert admin_client.get("/admin/trade/creditnote/add/").status_code == 403


def test_the_credit_note_statement_and_invoice_pages_are_valid_html(
    client, buyer, tmp_path
):
    require(VNU_JAR.exists(), f"no Nu HTML Checker at {VNU_JAR} (npm vnu-jar)")
    require(shutil.which("java"), "no java to run the Nu HTML Checker")
    invoice = _invoice(buyer.customer.trade_member.account, (make_product(), 2, "1"))
    invoicing.record_payment(invoice=invoice, amount=D("2.00"))
    credit_notes.issue(
        invoice=invoice,
        credits=[credit_notes.Credit(line=invoice.lines.get(), quantity=1)],
        reason="Returned <unsold> & damaged",
        restock=False,
    )
    client.force_login(buyer)
    pages = {
        path: client.get(path).content.decode()
        for path in [
            "/trade/credit-notes/1/",
            "/trade/invoices/1/",
            "/trade/statement/",
        ]
    }
    assert validate(pages, tmp_path) == []


def test_the_bookkeeper_exports_credit_notes_and_credited_invoices_as_csv(
    admin_client, buyer
):
    invoice = _invoice(
        buyer.customer.trade_member.account, (make_product(title="Zine"), 2, "1.30")
    )
    _issue(admin_client, invoice, {"Zine": 1}, reason="=HYPERLINK(evil)")
    note = CreditNote.objects.get()
    response = admin_client.post(
        "/admin/trade/creditnote/",
        {"action": "export_csv", "_selected_action": [note.pk]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:8] == [
        "CN-00001",
        str(note.issued_on),
        "INV-00001",
        "Freedom Infoshop",
        "1.30",
        "0.00",
        "1.30",
        "yes",
    ]
    assert rows[1][8] == "'=HYPERLINK(evil)"
    response = admin_client.post(
        "/admin/trade/invoice/",
        {"action": "export_csv", "_selected_action": [invoice.pk]},
    )
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert dict(zip(header, row, strict=True))["credited"] == "1.30"
    assert dict(zip(header, row, strict=True))["balance"] == "1.30"


def test_admin_balances_and_the_paid_filter_count_credit_notes(admin_client, buyer):
    account = buyer.customer.trade_member.account
    invoice = _invoice(account, (make_product(title="Zine"), 2, "5.00"))
    _issue(admin_client, invoice, {"Zine": 1})
    invoicing.record_payment(invoice=invoice, amount=D("5.00"))
    page = admin_client.get("/admin/trade/tradeaccount/").content.decode()
    row = page[page.index("Freedom Infoshop") :][:1500]
    assert "£0.00" in row and "£10.00" not in row and "£5.00" not in row
    paid = admin_client.get("/admin/trade/invoice/?owing=paid").content.decode()
    unpaid = admin_client.get("/admin/trade/invoice/?owing=unpaid").content.decode()
    assert "INV-00001" in paid and "INV-00001" not in unpaid

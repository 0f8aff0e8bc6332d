"""Trade buyers walked in Chromium (issue 10's “Done when”): a shop applies,
staff approve, the buyer sees trade prices, quick-orders, pays on invoice and
downloads the PDF, staff record the payment, the statement balances to zero;
and a consignment sent, part returned, the rest invoiced."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, screenshot
from tests.browser.test_accessibility import AUDIT
from tests.factories import PASSWORD, make_customer, make_postage, make_product
from trade.models import Consignment, Invoice, TradeAccount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shoot(page, name):
    """Check the page passes the shop's accessibility audit; save it at desktop
    and phone widths."""
    assert page.evaluate(AUDIT) == [], name
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def see(page, text):
    """Wait for ``text`` on the page (after a form posts and redirects)."""
    page.get_by_text(text).first.wait_for()


def sign_in(page, email, password=PASSWORD):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/")


@pytest.fixture
def staff(browser, live_server):
    User.objects.create_superuser("staff", "staff@example.org", PASSWORD)
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    yield page
    context.close()


def admin_action(page, changelist, row_text, action):
    page.goto(changelist)
    page.get_by_role(
        "checkbox", name=f"Select this object for an action - {row_text}"
    ).check()
    page.get_by_role("combobox", name="Action").select_option(label=action)
    page.get_by_role("button", name="Run", exact=True).click()


def test_a_shop_applies_buys_on_invoice_pays_and_settles_a_consignment(page, staff):
    make_postage()
    aid = make_product(
        title="Mutual Aid", price=Decimal("10.00"), isbn="9780306406157", stock=50
    )
    make_product(title="Zine Library", price=Decimal("3.50"), stock=20)
    make_customer("lucy@example.org")

    # A shop applies.
    sign_in(page, "lucy@example.org")
    page.goto("/trade/")
    page.get_by_label("Organisation").fill("Freedom Infoshop")
    page.get_by_label("Contact name").fill("Lucy Parsons")
    page.get_by_label("Address line 1").fill("84b Whitechapel High Street")
    page.get_by_label("Town or city").fill("London")
    page.get_by_label("Postcode or ZIP").fill("E1 7QX")
    page.get_by_label("Website or social media link").fill(
        "https://freedom.example.org"
    )
    page.get_by_label("An infoshop or social centre").check()
    shoot(page, "trade-apply")
    page.get_by_role("button", name="Apply").click()
    assert "will email you when we have decided" in page.locator("main").inner_text()

    # Staff approve.
    admin_action(
        staff,
        "/admin/trade/tradeaccount/",
        "Freedom Infoshop",
        "Approve and email the applicants",
    )
    see(staff, "Approved and emailed: Freedom Infoshop")
    assert TradeAccount.objects.get().is_approved

    # The buyer sees trade prices, marked, with the cover price.
    page.goto(aid.get_absolute_url())
    buy_box = page.locator(".buy-box__price")
    assert "trade £6.50" in buy_box.inner_text().lower()
    assert "cover price £10.00" in buy_box.inner_text()
    shoot(page, "trade-product-price")

    # Quick order.
    page.goto("/trade/quick-order/")
    page.get_by_label("Titles and quantities").fill(
        "9780306406157, 8\nZine Library x 4\nNo such title, 2"
    )
    page.get_by_role("button", name="Add to cart").click()
    results = page.locator(".quick-order-results").inner_text()
    assert "Added 8 × “Mutual Aid”" in results
    assert "Added 4 × “Zine Library”" in results
    assert "We found no title matching “No such title”" in results
    shoot(page, "trade-quick-order")
    page.get_by_role("link", name="See your cart").click()
    assert "Trade prices for Freedom Infoshop" in page.locator("main").inner_text()
    assert page.locator('[data-total="subtotal"]').inner_text() == "£61.12"
    shoot(page, "trade-cart")

    # Pay on invoice.
    page.goto("/checkout/details/")
    page.get_by_label("Full name").fill("Lucy Parsons")
    page.get_by_label("Address line 1").fill("84b Whitechapel High Street")
    page.get_by_label("Town or city").fill("London")
    page.get_by_label("Postcode or ZIP").fill("E1 7QX")
    page.get_by_label("Royal Mail (UK) — £2.50").check()
    page.get_by_label("Invoice to Freedom Infoshop: pay within 30 days").check()
    page.get_by_label("I accept the terms of sale").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/checkout/order/[\w-]+/$"))
    assert "invoice INV-00001 for £63.62" in page.locator("main").inner_text()
    page.get_by_role("link", name="See the invoice").click()
    assert "Balance due" in page.locator("main").inner_text()
    shoot(page, "trade-invoice")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = SCREENSHOTS / "trade-invoice.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert download.value.suggested_filename == "INV-00001.pdf"

    # Staff record the payment; the statement balances to zero.
    invoice = Invoice.objects.get()
    staff.goto(f"/admin/trade/invoice/{invoice.pk}/change/")
    staff.get_by_role("link", name="Record a payment").click()
    staff.get_by_label("Amount").fill("63.62")
    staff.get_by_label("Reference").fill("BACS FREEDOM")
    staff.get_by_role("button", name="Save", exact=True).click()
    see(staff, "Recorded £63.62 against INV-00001; £0.00 still owed.")
    page.goto("/trade/statement/")
    assert page.locator('[data-total="balance"]').inner_text() == "£0.00"
    assert "BACS FREEDOM" in page.locator("main").inner_text()
    shoot(page, "trade-statement")

    # Sale or return: sent, part returned, the rest invoiced.
    staff.goto("/admin/trade/consignment/add/")
    staff.get_by_label("Account").select_option(label="Freedom Infoshop")
    staff.get_by_label("Titles and quantities").fill("Mutual Aid, 10")
    staff.get_by_role("button", name="Save", exact=True).click()
    see(staff, "Sent consignment")
    aid.refresh_from_db()
    assert aid.stock == 50 - 8 - 10
    page.goto("/trade/consignments/")
    assert "(open)" in page.locator("main").inner_text()
    shoot(page, "trade-consignment-open")
    staff.get_by_role("link", name="Record copies returned and sold").click()
    staff.get_by_label("Mutual Aid: copies back").fill("4")
    staff.get_by_role("button", name="Record").click()
    see(staff, "Recorded.")
    staff.get_by_role("link", name="Record copies returned and sold").click()
    staff.get_by_label("Mutual Aid: copies sold").fill("6")
    staff.get_by_role("button", name="Record").click()
    see(staff, "Copies sold are on invoice INV-00002 (£39.00)")
    aid.refresh_from_db()
    assert aid.stock == 50 - 8 - 10 + 4
    assert Consignment.objects.get().is_open is False
    page.goto("/trade/consignments/")
    assert "(settled)" in page.locator("main").inner_text()
    page.goto("/trade/statement/")
    assert page.locator('[data-total="balance"]').inner_text() == "£39.00"
    shoot(page, "trade-statement-consignment")

    # Two of the copies sold come back: staff issue a credit note.
    staff.goto(f"/admin/trade/invoice/{Invoice.objects.get(number=2).pk}/change/")
    staff.get_by_role("link", name="Issue a credit note").click()
    staff.get_by_label("Mutual Aid: copies to credit").fill("2")
    staff.get_by_label("Reason (shown to the buyer)").fill("Two copies came back")
    staff.get_by_role("button", name="Issue the credit note").click()
    see(staff, "Issued credit note CN-00001 for £13.00")
    aid.refresh_from_db()
    assert aid.stock == 50 - 8 - 10 + 4 + 2
    page.goto("/trade/statement/")
    assert page.locator('[data-total="balance"]').inner_text() == "£26.00"
    page.get_by_role("link", name="Credit note CN-00001 for INV-00002").click()
    assert "Two copies came back" in page.locator("main").inner_text()
    shoot(page, "trade-credit-note")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == "CN-00001.pdf"

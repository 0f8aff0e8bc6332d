"""Issue 14 part 3 in a browser: a book bought for a prisoner with a donation,
paid by card (Stripe faked at HTTP), fulfilled by staff in admin and its
packing slip printed; and a support group asking for books."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from checkout import payments
from checkout.models import Order
from outbox.models import Email
from prisoners.models import Prison, PrisonerRequest
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.test_checkout import add_to_cart
from tests.checkout.stripe_fake import SECRET_KEY, FakeStripe
from tests.factories import make_postage, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = "/admin/prisoners/prisonerrequest/"


def both_widths(page, name):
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")


def run_action(page, reference, action):
    page.goto(LIST)
    page.get_by_role(
        "checkbox", name=f"Select this object for an action - {reference}"
    ).check()
    page.get_by_role("combobox", name="Action").select_option(label=action)
    page.get_by_role("button", name="Run", exact=True).click()
    return page.locator(".messagelist").inner_text()


def test_a_book_bought_for_a_prisoner_and_fulfilled_by_staff(
    page, settings, monkeypatch
):
    fake = FakeStripe()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    monkeypatch.setattr(payments, "HTTP_CLIENT", fake)
    make_postage()
    book = make_product(title="Assata", format="book", price=Decimal("9.99"), stock=3)
    Prison.objects.create(
        name="HMP Example",
        address="Prison Road\nExampletown EX1 1XX",
        allows_hardbacks=False,
        max_books=3,
        rules="No stickers, no bookmarks.",
    )
    User.objects.create_superuser("kim", "kim@example.org", "a long test passphrase")

    # The shopper buys the book for a prisoner and adds a donation.
    add_to_cart(page, book)
    page.get_by_label("Email").fill("donor@example.org")
    page.get_by_label("A prisoner: give them to the shop’s prisoner-support").check()
    page.get_by_label("Full name").fill("Lucy Parsons")
    page.get_by_label("Royal Mail (UK) — £2.50").check()
    page.get_by_label("Card").check()
    page.get_by_label("Donation to the prisoner fund, in pounds").fill("5")
    page.get_by_label("I accept the terms of sale").check()
    both_widths(page, "prisoners-details")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/checkout/review/")
    review = page.locator("main").inner_text()
    assert "Our prisoner-support queue" in review
    assert "Donation to the prisoner fund" in review and "£5.00" in review
    assert "You will pay £17.49 on Stripe’s secure page." in review
    both_widths(page, "prisoners-review")

    page.route(
        "https://checkout.stripe.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<h1>Stripe</h1>"
        ),
    )
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url("https://checkout.stripe.com/**")
    order = Order.objects.get()
    (call,) = fake.calls()
    assert call["params"]["line_items[1][price_data][unit_amount]"] == "500"
    assert fake.sessions[order.stripe_session_id]["amount_total"] == 1749
    fake.pay(order.stripe_session_id)
    page.goto(
        f"/checkout/order/{order.token}/paid/?session_id={order.stripe_session_id}"
    )
    page.wait_for_url(re.compile(r"/checkout/order/[\w-]+/$"))
    shown = page.locator("main").inner_text()
    assert "Paid" in shown and "Donation to the prisoner fund" in shown
    assert "Our prisoner-support queue" in shown
    both_widths(page, "prisoners-order-paid")

    # Staff sign in and find the bought book in the queue.
    page.goto("/admin/")
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill("a long test passphrase")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Prisoner requests").click()
    assert "Prisoner fund" in page.locator("#content").inner_text()
    assert "balance: £5.00" in page.locator("#content").inner_text()
    request = PrisonerRequest.objects.get()
    row = page.locator("#result_list tbody tr", has_text=request.reference)
    assert "bought for a prisoner" in row.inner_text()
    assert order.number in row.inner_text()
    both_widths(page, "prisoners-admin-queue")
    row.get_by_role("link", name=request.reference).click()

    # They name the prisoner (a group asked for the book) and the prison.
    page.get_by_label("Prisoner name:").fill("Leonard Peltier")
    page.get_by_label("Prisoner number:").fill("89637-132")
    page.get_by_label("Prison:", exact=True).select_option(label="HMP Example")
    page.get_by_label("Note on the packing slip:").fill("From friends outside.")
    screenshot(page, "prisoners-admin-request")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    assert "1 request(s) accepted." in run_action(
        page, request.reference, "Accept the request"
    )
    assert "1 request(s) packed." in run_action(
        page, request.reference, "Pack: take the books from stock, charge the fund"
    )
    assert "1 request(s) sent." in run_action(page, request.reference, "Mark sent")
    # The shopper paid for the book: the fund still holds the donation.
    assert "balance: £5.00" in page.locator("#content").inner_text()

    page.get_by_role("link", name=request.reference).click()
    page.get_by_role("link", name="Print the packing slip").click()
    slip = page.locator("body").inner_text()
    for shown in [
        "Leonard Peltier",
        "Prisoner number: 89637-132",
        "Prison Road",
        "Assata",
        "paperback",
        "Paperbacks only: this prison takes no hardbacks.",
        "No stickers, no bookmarks.",
        "From friends outside.",
    ]:
        assert shown in slip, shown
    both_widths(page, "prisoners-packing-slip")

    order.refresh_from_db()
    book.refresh_from_db()
    assert (order.status, book.stock) == ("shipped", 2)
    donor_mail = Email.objects.filter(to="donor@example.org")
    assert donor_mail.filter(kind="checkout.shipped").exists()
    for email in donor_mail:
        assert "Peltier" not in email.body + email.html + email.subject
        assert "89637" not in email.body + email.html


def test_a_support_group_asks_for_books(page):
    make_product(title="Are Prisons Obsolete?", format="book")
    page.goto("/")
    page.get_by_role("link", name="Books for prisoners").click()
    page.get_by_label("Your group's name").fill("Bristol ABC")
    page.get_by_label("Your group's email").fill("abc@example.org")
    page.get_by_label("Prisoner's full name").fill("Marius Mason")
    page.get_by_label("Prisoner number").fill("04672-061")
    page.get_by_label("Prison", exact=True).fill("HMP Example")
    page.get_by_label("Prison's postal address").fill("Prison Road\nExampletown")
    page.get_by_label("From our list").select_option(label="Are Prisons Obsolete?")
    page.get_by_label("The prison’s rules on books").fill("Paperbacks only")
    both_widths(page, "prisoners-request-form")
    page.get_by_role("button", name="Send the request").click()
    page.get_by_role("heading", name="Thank you: we have your request").wait_for()
    made = PrisonerRequest.objects.get()
    assert made.reference in page.locator("main").inner_text()
    assert (made.prisoner_name, made.group_email) == ("Marius Mason", "abc@example.org")
    both_widths(page, "prisoners-request-thanks")

    # Markup is refused, with the message beside the field.
    page.goto("/books-for-prisoners/")
    page.get_by_label("Your group's name").fill("<b>ABC</b>")
    page.get_by_role("button", name="Send the request").click()
    errors = page.locator("#form-errors").inner_text()
    assert "Please use plain text" in errors and "This field is required." in errors
    assert PrisonerRequest.objects.count() == 1

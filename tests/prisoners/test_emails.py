"""No email to a shopper, donor or group ever names the prisoner."""

from decimal import Decimal

import pytest

from checkout.services import mark_paid
from outbox.models import Email
from prisoners import services
from prisoners.models import PrisonerRequest
from tests.factories import make_product

from .conftest import PRISONER, donate, make_prison, place

pytestmark = pytest.mark.django_db


def assert_no_prisoner_in(emails):
    assert emails
    for email in emails:
        for private in [*PRISONER.values(), "Peltier", "HMP Example"]:
            assert private not in email.subject + email.body + email.html, email.kind


def test_a_shopper_who_buys_for_a_prisoner_never_reads_who_got_the_books(
    postage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        donate("5.00")
        book = make_product(title="Assata", price=Decimal("9.99"), stock=2)
        order = place(
            (book, 1),
            deliver_to="prisoner_support",
            donation="2.00",
            line1="",
            city="",
            email="donor@example.org",
        )
        mark_paid(order=order)
        request = PrisonerRequest.objects.get(order=order)
        PrisonerRequest.objects.filter(pk=request.pk).update(
            prison=make_prison(), **PRISONER
        )
        request.refresh_from_db()
        services.accept(request=request)
        services.pack(request=request)
        services.send(request=request)
    to_donor = Email.objects.filter(to="donor@example.org")
    assert {e.kind for e in to_donor} >= {
        "checkout.confirmation",
        "checkout.paid",
        "checkout.shipped",
    }, {e.kind for e in to_donor}
    assert_no_prisoner_in(Email.objects.all())
    to_shop = Email.objects.get(kind="checkout.new_order", body__contains=order.number)
    assert "For a prisoner: the books are in the prisoner-support queue" in (
        to_shop.body
    )
    shipped = to_donor.get(kind="checkout.shipped")
    assert "has been posted to a prisoner who asked for books" in shipped.body
    confirmation = to_donor.filter(kind="checkout.confirmation").first()
    assert "Donation to the prisoner fund: £2.00" in confirmation.body
    assert "The books go to our prisoner-support queue" in confirmation.body


def test_a_group_hears_its_reference_but_never_the_prisoner(client):
    services.submit_request(
        data=services.RequestData(
            group_name="ABC Bristol",
            group_email="abc@example.org",
            prison_name="HMP Example",
            prison_address="Prison Road",
            titles_wanted="Assata",
            **PRISONER,
        )
    )
    email = Email.objects.get(to="abc@example.org")
    assert PrisonerRequest.objects.get().reference in email.subject
    assert_no_prisoner_in([email])

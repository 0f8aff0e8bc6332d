"""The queue in admin: prisoners' names and numbers only with the permission,
the packing slip, the fund's balance and the actions that move requests."""

from decimal import Decimal

import pytest

from prisoners.models import MASK, PrisonerRequest
from tests.factories import make_product

from .conftest import PRISONER, donate, make_prison, make_request

pytestmark = pytest.mark.django_db

LIST = "/admin/prisoners/prisonerrequest/"


def act(client, action, *requests):
    return client.post(
        LIST,
        {"action": action, "_selected_action": [r.pk for r in requests]},
        follow=True,
    )


def test_without_the_permission_staff_see_the_request_but_not_the_prisoner(
    client, staff
):
    request = make_request(status="new")
    listing = client.get(LIST).content.decode()
    assert request.reference in listing and "Anarchist Black Cross" in listing
    assert MASK in listing
    page = client.get(f"{LIST}{request.pk}/change/").content.decode()
    for private in PRISONER.values():
        assert private not in listing and private not in page
    assert "hidden: you need the permission to see prisoner details" in page
    searched = client.get(LIST, {"q": "Peltier"}).content.decode()
    assert request.reference not in searched  # no finding them by name either


def test_without_the_permission_the_packing_slip_is_refused(client, staff):
    request = make_request(status="packed")
    response = client.get(f"{LIST}{request.pk}/packing-slip/")
    assert response.status_code == 403


def test_with_the_permission_staff_see_and_find_the_prisoner(client, trusted):
    request = make_request(status="new")
    listing = client.get(LIST, {"q": "Peltier"}).content.decode()
    assert request.reference in listing
    assert "Leonard Peltier (89637-132)" in listing
    page = client.get(f"{LIST}{request.pk}/change/").content.decode()
    assert 'value="Leonard Peltier"' in page and 'value="89637-132"' in page


def test_the_packing_slip_keeps_the_prisons_rules(client, trusted, postage):
    prison = make_prison(rules="Books must be new and unmarked.", max_books=2)
    book = make_product(title="Are Prisons Obsolete?", format="book", stock=2)
    request = make_request((book, 1), prison=prison, slip_note="Happy birthday!")
    slip = client.get(f"{LIST}{request.pk}/packing-slip/")
    assert slip.status_code == 200
    text = slip.content.decode()
    for shown in [
        "Leonard Peltier",
        "Prisoner number: <strong>89637-132</strong>",
        "Prison Road",
        "Are Prisons Obsolete?",
        "paperback",
        "New books, sent directly by the bookshop",
        "Paperbacks only: this prison takes no hardbacks.",
        "At most 2 books a parcel.",
        "Books must be new and unmarked.",
        "Happy birthday!",
    ]:
        assert shown in text, shown


def test_staff_accept_pack_and_send_with_actions_and_see_the_fund(
    client, trusted, postage
):
    donate("12.00")
    book = make_product(title="Mutual Aid", price=Decimal("4.00"), stock=2)
    request = make_request((book, 1), status="new")
    assert "£12.00" in client.get(LIST).content.decode()
    for action, status in [("accept", "accepted"), ("pack", "packed")]:
        page = act(client, action, request).content.decode()
        assert "1 request(s)" in page
        request.refresh_from_db()
        assert request.status == status
    page = act(client, "send", request).content.decode()
    assert "1 request(s) sent." in page
    assert 'data-fund="prisoners">£8.00' in page


def test_a_refused_action_says_why_and_changes_nothing(client, trusted, postage):
    book = make_product(title="Capital", format="hardback", stock=2)
    request = make_request((book, 1))  # the fund is empty too
    page = act(client, "pack", request).content.decode()
    assert f"{request.reference} not packed: HMP Example takes no hardbacks" in page
    request.refresh_from_db()
    assert request.status == "accepted"
    page = act(client, "decline", request).content.decode()
    assert "Write the reason for declining in the request." in page


def test_a_closed_request_can_no_longer_be_edited(client, trusted):
    request = make_request(status="sent")
    page = client.get(f"{LIST}{request.pk}/change/").content.decode()
    assert 'name="prisoner_name"' not in page and "Leonard Peltier" in page
    assert PrisonerRequest.objects.get().prisoner_name == "Leonard Peltier"

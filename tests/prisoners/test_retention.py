"""Prisoners' details are removed PRISONER_DATA_RETENTION_DAYS after their
request closes, by the nightly ``anonymise_prisoners``; not a day before."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from prisoners.models import PrisonerRequest

from .conftest import make_request

pytestmark = pytest.mark.django_db


def closed(days_ago, status="sent"):
    request = make_request(status=status, slip_note="Happy birthday")
    PrisonerRequest.objects.filter(pk=request.pk).update(
        closed_at=timezone.now() - timedelta(days=days_ago)
    )
    return request


def details(request):
    request.refresh_from_db()
    return (request.prisoner_name, request.prisoner_number, request.slip_note)


def test_details_are_removed_after_the_period_and_not_before(settings):
    settings.PRISONER_DATA_RETENTION_DAYS = 90
    old_sent = closed(91)
    old_declined = closed(90.01, status="declined")
    recent = closed(89)
    still_open = make_request(status="packed")
    out = StringIO()
    call_command("anonymise_prisoners", stdout=out)
    assert "from 2 request(s) closed over 90 days ago" in out.getvalue()
    assert details(old_sent) == details(old_declined) == ("", "", "")
    assert old_sent.anonymised_at is not None
    assert details(recent) == ("Leonard Peltier", "89637-132", "Happy birthday")
    assert details(still_open)[:2] == ("Leonard Peltier", "89637-132")
    # What staff need afterwards stays: the reference, group, prison and books.
    assert (old_sent.reference, old_sent.group_name, old_sent.prison.name) != (
        "",
        "",
        "",
    )


def test_the_period_comes_from_the_settings(settings):
    settings.PRISONER_DATA_RETENTION_DAYS = 7
    request = closed(8)
    call_command("anonymise_prisoners", stdout=StringIO())
    assert details(request) == ("", "", "")


def test_the_nightly_sweep_runs_the_command():
    from tests.servers import ROOT

    unit = (ROOT / "deploy/systemd/shop-purge-carts.service").read_text()
    assert "manage.py anonymise_prisoners" in unit

"""Limits on requests that email an address: sign-up and password reset.

Each such request counts once against the address it emails and once
against the client's IP address (``shop.views.client_ip``, which trusts only
``DJANGO_PROXY_COUNT`` proxies). Past ``ACCOUNT_EMAILS_PER_ADDRESS`` or
``ACCOUNT_REQUESTS_PER_CLIENT`` within ``ACCOUNT_LIMIT_MINUTES`` of the first
request the answer is a 429 and no email goes. Addresses with and without an
account are counted alike, so the refusal says nothing about accounts.

Counts live in the database (``RequestCount``), as django-axes keeps login
attempts: shared by every process without Redis, and a Redis outage does
not lift the limit. A window starts at the first request and a request after
it has ended starts a new one. Each step is a conditional ``UPDATE`` that
changes no row when it must not, so concurrent requests never pass the limit.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shop.views import client_ip

from .models import RequestCount, normalise_email

_now = timezone.now  # tests move time through this


@dataclass(frozen=True)
class Refusal:
    """Why a request was refused and how many seconds until it may be asked again."""

    per: str  # "address" or "client"
    retry_after: int

    @property
    def minutes(self) -> int:
        return max(1, -(-self.retry_after // 60))


def _key(value: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()


def _window() -> timedelta:
    return timedelta(minutes=settings.ACCOUNT_LIMIT_MINUTES)


@transaction.atomic
def _hit(scope: str, value: str, limit: int, now) -> int:
    """Count one request; return 0 if allowed, else seconds until the window ends."""
    key = _key(value)
    row, created = RequestCount.objects.get_or_create(
        scope=scope, key=key, defaults={"window_started_at": now, "hits": 1}
    )
    if created:
        return 0
    rows = RequestCount.objects.filter(pk=row.pk)
    if rows.filter(window_started_at__lte=now - _window()).update(
        window_started_at=now, hits=1
    ):
        return 0
    if rows.filter(hits__lt=limit).update(hits=F("hits") + 1):
        return 0
    started = rows.values_list("window_started_at", flat=True).get()
    return max(1, int((started + _window() - now).total_seconds()))


def check(request, *, email: str) -> Refusal | None:
    """Count a request that emails ``email``; return a ``Refusal`` if over a limit.

    The client is counted first, so a client refused does not use up the
    address's allowance.
    """
    now = _now()
    RequestCount.objects.filter(window_started_at__lte=now - _window()).delete()
    ip = client_ip(request) or "unknown"
    wait = _hit("client", ip, settings.ACCOUNT_REQUESTS_PER_CLIENT, now)
    if wait:
        return Refusal(per="client", retry_after=wait)
    wait = _hit(
        "address", normalise_email(email), settings.ACCOUNT_EMAILS_PER_ADDRESS, now
    )
    if wait:
        return Refusal(per="address", retry_after=wait)
    return None

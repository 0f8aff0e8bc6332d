"""Changes to trade accounts: applying, deciding, members, holds.

Keyword-only and atomic; emails go after commit (``emails``). Invoices and
payments are in ``invoicing``, sale or return in ``consignments``.
"""

from django.db import transaction
from django.utils import timezone

from . import emails
from .models import Member, TradeAccount

Status = TradeAccount.Status


class TradeError(Exception):
    """A trade change that cannot be made; the message says why."""


@transaction.atomic
def apply(*, customer, **fields) -> TradeAccount:
    """Open a pending trade account with ``customer`` as its first member."""
    if Member.objects.select_for_update().filter(customer=customer).exists():
        raise TradeError("You already belong to a trade account.")
    account = TradeAccount.objects.create(status=Status.PENDING, **fields)
    Member.objects.create(account=account, customer=customer)
    emails.applied(account)
    return account


@transaction.atomic
def decide(*, account: TradeAccount, approve: bool, reason: str = "") -> bool:
    """Approve or decline a pending account and tell its members; return whether
    this call changed it (an account decided already is left alone)."""
    to = Status.APPROVED if approve else Status.DECLINED
    fields = {"status": to, "decided_at": timezone.now()}
    if approve or reason:
        # A decline keeps the reason staff wrote on the account unless given one.
        fields["decline_reason"] = "" if approve else reason
    pending = TradeAccount.objects.filter(pk=account.pk, status=Status.PENDING)
    changed = pending.update(**fields)
    if not changed:
        return False
    account.refresh_from_db()
    emails.decided(account)
    return True


@transaction.atomic
def add_member(*, account: TradeAccount, customer) -> Member:
    """Let ``customer`` order for ``account``."""
    if Member.objects.select_for_update().filter(customer=customer).exists():
        raise TradeError(f"{customer} already orders for a trade account.")
    return Member.objects.create(account=account, customer=customer)


@transaction.atomic
def put_on_hold(*, account: TradeAccount, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise TradeError("Say why the account is on hold: its buyers are told.")
    TradeAccount.objects.filter(pk=account.pk).update(on_hold=True, hold_reason=reason)


@transaction.atomic
def release_hold(*, account: TradeAccount) -> None:
    TradeAccount.objects.filter(pk=account.pk).update(on_hold=False, hold_reason="")

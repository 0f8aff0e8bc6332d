"""Changes to trade accounts: applying and deciding.

Keyword-only and atomic; emails are queued with the change (``emails``).
Staff change members, terms and holds in admin (``TradeAccountAdminForm``
checks a hold has its reason); invoices and payments are in ``invoicing``,
sale or return in ``consignments``.
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

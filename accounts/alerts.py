"""Back-in-stock alerts: sign-up, confirmation, unsubscribe and sending.

``send_due`` runs after every commit that wrote stock (``signals``) and from
the ``send_stock_alerts`` command, so any path that brings a product back
(admin, CSV import, a cancelled order, an ``F()`` update, raw SQL) ends in one
email per waiting subscriber. Each alert is claimed by a conditional update
before its email is queued: two runs at once never send twice.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import emails
from .models import StockAlert, normalise_email

Status = StockAlert.Status


class AlertError(Exception):
    """An alert that cannot be made; the message says why."""


def _check_product(product) -> None:
    if not product.is_published:
        raise AlertError(f"“{product.title}” is not for sale.")
    if product.is_available:
        raise AlertError(f"Good news: “{product.title}” is in stock, order it now.")


@transaction.atomic
def subscribe_guest(*, product, email: str) -> None:
    """Ask ``email`` to confirm an alert; an address already waiting gets no email."""
    _check_product(product)
    email = normalise_email(email)
    if StockAlert.objects.active().filter(product=product, email=email).exists():
        return
    try:
        with transaction.atomic():
            alert = StockAlert.objects.create(product=product, email=email)
    except IntegrityError:
        return  # a second click raced this one; the first sent the email
    emails.alert_confirm(alert)


@transaction.atomic
def subscribe_customer(*, product, customer) -> bool:
    """Start an alert for a signed-in customer; return False if one is waiting."""
    _check_product(product)
    email = customer.user.email
    active = StockAlert.objects.active().filter(product=product, email=email)
    if active.filter(status=Status.WAITING).exists():
        return False
    # Their own confirmed email: an unconfirmed guest alert becomes theirs.
    if active.update(status=Status.WAITING, customer=customer):
        return True
    try:
        with transaction.atomic():
            StockAlert.objects.create(
                product=product, email=email, customer=customer, status=Status.WAITING
            )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def confirm(*, alert: StockAlert) -> None:
    """Confirm a guest's alert; when stock is already back, send it at once."""
    StockAlert.objects.filter(pk=alert.pk, status=Status.UNCONFIRMED).update(
        status=Status.WAITING
    )
    transaction.on_commit(send_due, robust=True)


@transaction.atomic
def unsubscribe(*, alert: StockAlert) -> int:
    """End every live alert of the address the link was sent to; return how many."""
    return (
        StockAlert.objects.active()
        .filter(email=alert.email)
        .update(status=Status.CANCELLED)
    )


@transaction.atomic
def cancel(*, alert: StockAlert, customer) -> None:
    if alert.customer_id != customer.pk:
        raise StockAlert.DoesNotExist
    StockAlert.objects.active().filter(pk=alert.pk).update(status=Status.CANCELLED)


def send_due(batch: int = 200) -> int:
    """Email every waiting subscriber of a product now in stock; return how many.

    Each batch is claimed (locked, skipping rows another run holds, then
    marked sent) in one transaction with its emails, so two runs never send
    one alert twice and a failed run sends nothing it did not mark.
    """
    sent = 0
    while True:
        with transaction.atomic():
            due = list(
                StockAlert.objects.due()
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("product")
                .order_by("pk")[:batch]
            )
            StockAlert.objects.filter(
                pk__in=[alert.pk for alert in due], status=Status.WAITING
            ).update(status=Status.SENT, sent_at=timezone.now())
            for alert in due:
                emails.back_in_stock(alert)
        sent += len(due)
        if len(due) < batch:
            return sent

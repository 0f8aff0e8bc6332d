"""The cron sweep over unpaid orders (``manage.py expire_orders``)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import card, payments, services
from .emails import send_after_commit
from .models import Order

Status = Order.Status
PaymentMethod = Order.PaymentMethod

# Stripe's expiry event normally ends an unpaid card order when its session
# closes; the sweep asks Stripe about those whose event never came.
CARD_SWEEP_MARGIN = timedelta(hours=1)


@dataclass
class SweepReport:
    reminded: int = 0
    cancelled: int = 0
    expired: int = 0
    paid: int = 0
    unreachable: int = 0


def sweep_unpaid_orders(*, now=None) -> SweepReport:
    """Remind, cancel and expire unpaid orders whose time is up (run from cron)."""
    now = now or timezone.now()
    report = SweepReport()
    offline = Order.objects.filter(status=Status.AWAITING_PAYMENT).exclude(
        payment_method=PaymentMethod.CARD
    )
    cancel_before = now - timedelta(days=settings.OFFLINE_ORDER_DAYS)
    for order in offline.filter(created_at__lt=cancel_before):
        if services.expire(
            order=order,
            note=f"Not paid within {settings.OFFLINE_ORDER_DAYS} days.",
        ):
            report.cancelled += 1
    remind_before = now - timedelta(days=settings.OFFLINE_REMINDER_DAYS)
    for order in offline.filter(
        created_at__lt=remind_before, reminder_sent_at__isnull=True
    ):
        with transaction.atomic():
            if Order.objects.filter(pk=order.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                send_after_commit("reminder", order)
                report.reminded += 1
    unpaid_card = Order.objects.filter(
        status=Status.AWAITING_PAYMENT,
        payment_method=PaymentMethod.CARD,
        created_at__lt=now - payments.session_lifetime() - CARD_SWEEP_MARGIN,
    )
    for order in unpaid_card:
        if order.stripe_session_id and payments.is_enabled():
            session = card.settle_from_stripe(order)
            if session is None:
                report.unreachable += 1
                continue
            if card.is_paid(session):
                report.paid += 1
                continue
            if session.get("status") == "open":
                continue
        if services.expire(order=order, note="No payment and no word from Stripe."):
            report.expired += 1
    return report

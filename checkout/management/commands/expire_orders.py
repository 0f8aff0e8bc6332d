from django.core.management.base import BaseCommand

from checkout import sweep


class Command(BaseCommand):
    help = (
        "Remind and cancel unpaid offline orders (OFFLINE_REMINDER_DAYS, "
        "OFFLINE_ORDER_DAYS) and expire card orders Stripe never reported on. "
        "Run from cron, e.g. hourly."
    )

    def handle(self, *args, **options):
        report = sweep.sweep_unpaid_orders()
        self.stdout.write(
            f"Reminded {report.reminded}, cancelled {report.cancelled}, "
            f"expired {report.expired}, found paid {report.paid}, "
            f"Stripe unreachable for {report.unreachable}."
        )

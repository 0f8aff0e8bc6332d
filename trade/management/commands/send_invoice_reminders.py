from django.conf import settings
from django.core.management.base import BaseCommand

from trade import invoicing


class Command(BaseCommand):
    help = (
        "Email one reminder for each trade invoice still unpaid "
        "TRADE_REMINDER_DAYS (default 7) days after it was due. Run daily."
    )

    def handle(self, *args, **options):
        sent = invoicing.due_reminders(days=settings.TRADE_REMINDER_DAYS)
        self.stdout.write(f"{sent} invoice reminder(s) sent.")

from django.core.management.base import BaseCommand

from outbox import services
from outbox.models import Email


class Command(BaseCommand):
    help = (
        "Hand the task worker every unsent email that is due (run from cron); "
        "report emails whose sending was interrupted, for staff to check."
    )

    def handle(self, *args, **options):
        count = services.requeue_due()
        interrupted = Email.objects.interrupted().count()
        self.stdout.write(f"Requeued {count} email(s).")
        if interrupted:
            self.stderr.write(
                f"{interrupted} email(s) were interrupted while sending: see "
                "Emails in admin (delivery: interrupted) and send them again."
            )

from django.core.management.base import BaseCommand

from accounts import alerts


class Command(BaseCommand):
    help = (
        "Email everyone waiting for a product that is back in stock. Stock "
        "written through Django sends these at once; this catches stock written "
        "outside it (raw SQL, another program). Safe to run at any time."
    )

    def handle(self, *args, **options):
        sent = alerts.send_due()
        self.stdout.write(f"Sent {sent} stock alert(s).")

from django.conf import settings
from django.core.management.base import BaseCommand

from prisoners import services


class Command(BaseCommand):
    help = (
        "Remove prisoners' names, numbers and notes from requests sent or "
        "declined more than PRISONER_DATA_RETENTION_DAYS ago (run nightly)."
    )

    def handle(self, *args, **options):
        cleared = services.anonymise_closed()
        self.stdout.write(
            f"Removed prisoners' details from {cleared} request(s) closed over "
            f"{settings.PRISONER_DATA_RETENTION_DAYS} days ago."
        )

from django.conf import settings
from django.core.management.base import BaseCommand

from cart import services


class Command(BaseCommand):
    help = "Delete carts nobody has changed for CART_MAX_AGE_DAYS days (default 60)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Age in days (default {settings.CART_MAX_AGE_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            self.stderr.write("--days must be 1 or more.")
            return
        deleted = services.purge_stale_carts(days=days)
        self.stdout.write(f"Deleted {deleted} stale cart{'s' if deleted != 1 else ''}.")

from django.core.management.base import BaseCommand

from catalog import search


class Command(BaseCommand):
    help = (
        "Write every product's search text again (after changes made in bulk "
        "with SQL or bulk_create, which send no signals)."
    )

    def handle(self, *args, **options):
        count = search.index_products()
        self.stdout.write(f"Search text written for {count} products.")

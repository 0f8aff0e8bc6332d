from django.core.management.base import BaseCommand

from catalog import search
from catalog.models import Product


class Command(BaseCommand):
    help = (
        "Write every product's search text again (after changes made in bulk "
        "with SQL or bulk_create, which send no signals)."
    )

    def handle(self, *args, **options):
        ids = list(Product.objects.values_list("pk", flat=True))
        for start in range(0, len(ids), 1000):
            search.reindex(ids[start : start + 1000])
        self.stdout.write(f"Search text written for {len(ids)} products.")

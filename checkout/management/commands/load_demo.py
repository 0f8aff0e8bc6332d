from django.core.management.base import BaseCommand
from django.db import transaction

from cart import demo as cart_demo
from catalog import demo as catalog_demo
from catalog.models import Product


# Each app keeps its demo data beside its models (catalog/demo.py,
# cart/demo.py). The command that loads them all lives in the top app, the
# only one allowed to import every app below it; shop/ imports no app.
class Command(BaseCommand):
    help = (
        "Load the demo catalogue (the seed page's products, drawn covers) and "
        "postage rates. Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the shop already has products.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Product.objects.exists():
            self.stdout.write("The shop has products already; demo data not loaded.")
            return
        with transaction.atomic():
            products = catalog_demo.load()
            methods = cart_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {products} products, {methods} postage methods."
            )
        )

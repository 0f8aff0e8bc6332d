"""``manage.py import_prestashop``: move a PrestaShop 1.6 shop here in one command."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from migrate_prestashop.importer.features import load_mapping
from migrate_prestashop.importer.report import Progress
from migrate_prestashop.importer.run import Context, run_import
from migrate_prestashop.importer.trade_accounts import resolve_trade_groups
from migrate_prestashop.source import PrestaShop, SourceError, connect


class Command(BaseCommand):
    help = (
        "Import categories, publishers, products, pictures, pages, customers, "
        "trade accounts, newsletter subscribers and past orders from a "
        "PrestaShop 1.6 database (read only). Run it as often as you like: it "
        "updates, never duplicates, and keeps staff edits."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "database_url", help="mysql://user:password@host:3306/database"
        )
        parser.add_argument(
            "--cookie-key",
            required=True,
            help="_COOKIE_KEY_ from the old shop's config/settings.inc.php",
        )
        parser.add_argument("--img-dir", help="the old shop's img/ folder")
        parser.add_argument("--prefix", default="ps_", help="table prefix (ps_)")
        parser.add_argument("--shop", type=int, default=1, help="shop id (1)")
        parser.add_argument(
            "--lang", type=int, help="language id (the old shop's default)"
        )
        parser.add_argument(
            "--manufacturers",
            choices=["publisher", "author"],
            default="publisher",
            help="what the old shop's manufacturers are (publisher)",
        )
        parser.add_argument(
            "--feature",
            action="append",
            default=[],
            metavar="FIELD=NAME",
            help="which old feature holds a field, e.g. pages='Number of pages'",
        )
        parser.add_argument("--feature-map", help="JSON file: {field: [names]}")
        parser.add_argument(
            "--trade-group",
            action="append",
            default=[],
            metavar="NAME_OR_ID",
            help="an old customer group whose customers get trade accounts at its "
            "discount (repeatable; 'none' for none; default: every group beyond "
            "Visitor, Guest and Customer that has a discount)",
        )
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--report", help="where to save the report (default: a dated file here)"
        )

    def handle(self, *args, **options):
        img_dir = Path(options["img_dir"]) if options["img_dir"] else None
        if img_dir is not None and not (img_dir / "p").is_dir():
            raise CommandError(f"{img_dir} has no p/ folder: give the old img/ folder.")
        key = options["cookie_key"].strip()
        if not key.isalnum():
            raise CommandError("The cookie key is letters and digits only.")
        try:
            features = load_mapping(options["feature_map"], options["feature"])
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        try:
            connection = connect(options["database_url"])
            source = PrestaShop(
                connection,
                prefix=options["prefix"],
                shop=options["shop"],
                lang=options["lang"],
            )
            source.language_iso()
            trade_groups = resolve_trade_groups(source, options["trade_group"])
        except (SourceError, ValueError) as error:
            raise CommandError(str(error)) from None
        ctx = Context(
            source=source,
            cookie_key=key,
            img_dir=img_dir,
            features=features,
            manufacturers_as=options["manufacturers"],
            trade_groups=trade_groups,
            dry_run=options["dry_run"],
            progress=Progress(
                lambda text: self.stderr.write(text, ending=""),
                live=self.stderr.isatty(),
            ),
        )
        try:
            report = run_import(ctx)
        finally:
            connection.close()
        text = report.render()
        path = Path(
            options["report"]
            or f"prestashop-import-{timezone.localtime():%Y%m%d-%H%M%S}.txt"
        )
        path.write_text(text, encoding="utf-8")
        self.stdout.write(text)
        self.stdout.write(f"Report saved to {path}")

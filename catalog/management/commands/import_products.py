import argparse
import io
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog import imports


def _column_help():
    width = max(len(name) for name in imports.COLUMNS)
    return "\n".join(
        f"  {name.ljust(width)}  {meaning}" for name, meaning in imports.COLUMNS.items()
    )


class Command(BaseCommand):
    help = (
        "Import products from a CSV file (UTF-8, comma-separated, first line\n"
        "naming the columns; any subset of the columns below, in any order).\n\n"
        "A row whose slug or ISBN matches a product updates it; any other row\n"
        "makes a new product (title and price needed). Columns absent from the\n"
        "file are left as they are. An empty cell clears an optional value,\n"
        "except in title, price, stock, weight_grams, format, allow_backorder and\n"
        "published, where it keeps the current value (or the default).\n"
        "Publishers, contributors and categories are created as needed. A bad\n"
        "row is reported with its line number and skipped whole; the others are\n"
        "imported; the exit status is 1 if any row failed.\n"
        "See docs/import_products.md and docs/products-example.csv.\n\n"
        "Columns:\n" + _column_help()
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Keep the column table's line breaks.
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file to import")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check and report every row, then roll back: nothing is saved",
        )
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="show a progress bar (default: when run in a terminal)",
        )

    def handle(self, *args, file, dry_run=False, progress=None, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}") from None
        except UnicodeDecodeError:
            raise CommandError(
                f"{file} is not UTF-8 text; save it as “CSV UTF-8”."
            ) from None
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            if progress is None:
                progress = self.stderr.isatty()
            bar = ProgressBar(self.stderr, total=text.count("\n") or 1)
            report = imports.import_products(
                io.StringIO(text, newline=""),
                dry_run=dry_run,
                progress=bar.update if progress else None,
            )
            if progress:
                bar.finish()
        except imports.BadFile as error:
            raise CommandError(str(error)) from None

        for line, message in report.errors:
            self.stderr.write(f"{file}, line {line}: {message} (row skipped)")
        done = report.created + report.updated
        summary = (
            f"{done} row{'s' if done != 1 else ''} imported "
            f"({report.created} new, {report.updated} updated), "
            f"{len(report.errors)} skipped."
        )
        if dry_run:
            summary = f"Dry run, nothing saved: {summary}"
        style = self.style.WARNING if report.errors else self.style.SUCCESS
        self.stdout.write(style(summary))
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} row{'s' if len(report.errors) != 1 else ''} "
                "failed; see the messages above."
            )


class ProgressBar:
    """A one-line bar on stderr: lines read of the file, rate, time left."""

    WIDTH = 30

    def __init__(self, out, *, total):
        self.out, self.total = out, total
        self.started = self.shown = time.monotonic()

    def update(self, lines):
        now = time.monotonic()
        if now - self.shown < 0.25 and lines < self.total:
            return
        self.shown = now
        done = min(1.0, lines / self.total)
        rate = lines / max(now - self.started, 1e-6)
        left = (self.total - lines) / rate if rate else 0
        filled = int(done * self.WIDTH)
        self.out.write(
            f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:4.0%} "
            f"{lines:,} of {self.total:,} lines, {rate:,.0f}/s, "
            f"about {left:,.0f} s left ",
            ending="",
        )
        self.out.flush()

    def finish(self):
        self.update(self.total)
        self.out.write("")

"""Importing products from a CSV file: a bad row is reported and skipped whole.

The column set is documented in ``docs/import_products.md`` and in
``manage.py import_products --help`` (both built from ``COLUMNS``).
"""

import csv
from dataclasses import dataclass, field

from django.db import transaction

from . import import_batch
from .forms import clean_row
from .import_batch import RowError
from .models import Product

# Rows written together; a thousand keep each batch's queries short.
BATCH = 1000

# Column name: what it holds. Order is the order of the example file.
COLUMNS = {
    "slug": "web address part, e.g. the-truth-about-trotsky (default: from title)",
    "title": "title (needed for a new product)",
    "subtitle": "subtitle",
    "authors": "names separated by ; (people or organisations)",
    "editors": "names separated by ;",
    "translators": "names separated by ;",
    "publisher": "publisher's name (created when new)",
    "publisher_short_name": "publisher's short name for short bylines, e.g. BRHG",
    "format": ", ".join(Product.Format.values) + " (default: book)",
    "page_count": "whole number of pages",
    "year": "year of publication, e.g. 2021",
    "isbn": "ISBN-10 or ISBN-13, hyphens allowed; stored as ISBN-13",
    "price": "price in pounds, e.g. 4.50, 0 or more (needed for a new product)",
    "weight_grams": "packed weight in grams, for postage",
    "stock": "copies in stock, 0 or more",
    "allow_backorder": "yes/no: can be ordered when out of stock (default: no)",
    "published": "yes/no: shown in the shop (default: yes)",
    "categories": "paths separated by ;, levels by >, e.g. Books > History; Pamphlets",
    "short_description": "one line for lists (at most 300 characters)",
    "description": "full description; paragraphs separated by a blank line",
}


class BadFile(Exception):
    """The file as a whole cannot be imported (no header, unknown columns…)."""


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)  # (line number, message)


def import_products(lines, *, dry_run=False, progress=None, batch_size=BATCH) -> Report:
    """Import CSV ``lines`` (an iterable of text lines); return what happened.

    Every row is checked in Python first; a bad row is reported with its
    line number and leaves nothing behind. Good rows are written
    ``batch_size`` at a time (``import_batch``). With ``dry_run`` every row
    is checked and saved, then the whole transaction is rolled back.
    ``progress``, if given, is called with the number of lines read.
    """
    reader = csv.reader(lines)
    columns = _read_header(reader)
    report = Report()
    with transaction.atomic():
        writer = import_batch.Writer(columns, report)
        batch = []
        for line, cells in _rows(reader, report):
            try:
                batch.append(import_batch.Row(line, _checked(columns, cells)))
            except RowError as error:
                report.errors.append((line, str(error)))
            if len(batch) >= batch_size:
                writer.write(batch)
                batch = []
            if progress is not None:
                progress(reader.line_num)
        if batch:
            writer.write(batch)
        writer.finish()
        if dry_run:
            transaction.set_rollback(True)
    report.errors.sort(key=lambda error: error[0])
    return report


def _rows(reader, report):
    """Yield ``(line number, cells)`` of each row that is not blank."""
    last_line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            report.errors.append((last_line + 1, f"unreadable CSV: {error}"))
            if reader.line_num == last_line:
                return
            last_line = reader.line_num
            continue
        line, last_line = last_line + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            yield line, cells


def _checked(columns, cells) -> dict:
    """Return the row's cells checked as ``ProductRowForm`` checks them."""
    if len(cells) != len(columns):
        raise RowError(
            f"{len(cells)} cells, but the header names {len(columns)} columns"
        )
    data, errors = clean_row(dict(zip(columns, cells, strict=True)))
    if errors:
        raise RowError(
            "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in errors.items()
            )
        )
    return data


def _read_header(reader):
    try:
        header = next(reader)
    except StopIteration:
        raise BadFile(
            "The file is empty: the first line must name the columns."
        ) from None
    except csv.Error as error:
        raise BadFile(f"The header line is not readable CSV: {error}") from None
    columns = [name.strip().lower() for name in header]
    unknown = [name for name in columns if name not in COLUMNS]
    if unknown:
        raise BadFile(
            "Unknown column(s): "
            + ", ".join(repr(name) for name in unknown)
            + ". Known columns: "
            + ", ".join(COLUMNS)
            + "."
        )
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if repeated:
        raise BadFile("Column(s) named twice: " + ", ".join(repeated) + ".")
    if not {"slug", "title", "isbn"} & set(columns):
        raise BadFile("The file needs a slug, title or isbn column to find products.")
    return columns

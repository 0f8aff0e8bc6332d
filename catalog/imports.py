"""Importing products from a CSV file, row by row: a bad row is skipped whole.

The column set is documented in ``docs/import_products.md`` and in
``manage.py import_products --help`` (both built from ``COLUMNS``).
"""

import csv
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils.text import slugify

from .forms import ProductRowForm
from .models import Category, Contributor, Credit, Product, Publisher

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

# An empty cell in one of these keeps the current value (or the default).
KEEP_WHEN_EMPTY = {
    "title",
    "price",
    "stock",
    "weight_grams",
    "format",
    "allow_backorder",
    "published",
}
# Columns copied straight onto the product: column name → model field.
PLAIN_FIELDS = {
    "title": "title",
    "subtitle": "subtitle",
    "format": "format",
    "page_count": "page_count",
    "year": "year",
    "isbn": "isbn",
    "price": "price",
    "weight_grams": "weight_grams",
    "stock": "stock",
    "allow_backorder": "allow_backorder",
    "published": "is_published",
    "short_description": "short_description",
    "description": "description",
}
CREDIT_COLUMNS = {
    "authors": Credit.Role.AUTHOR,
    "editors": Credit.Role.EDITOR,
    "translators": Credit.Role.TRANSLATOR,
}


class BadFile(Exception):
    """The file as a whole cannot be imported (no header, unknown columns…)."""


class RowError(Exception):
    """This row cannot be imported; the message says why."""


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line number, message)


def import_products(lines, *, dry_run=False) -> Report:
    """Import CSV ``lines`` (an iterable of text lines); return what happened.

    Each row is saved in its own savepoint, so a row that fails leaves
    nothing behind. With ``dry_run`` every row is checked and saved, then the
    whole transaction is rolled back.
    """
    reader = csv.reader(lines)
    columns = _read_header(reader)
    report = Report()
    with transaction.atomic():
        last_line = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                report.errors.append((last_line + 1, f"unreadable CSV: {error}"))
                if reader.line_num == last_line:
                    break
                last_line = reader.line_num
                continue
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            try:
                with transaction.atomic():
                    product, created = _import_row(columns, cells)
            except RowError as error:
                report.errors.append((line, str(error)))
            except DatabaseError as error:
                report.errors.append((line, f"the database refused it: {error}"))
            else:
                (report.created if created else report.updated).append(product)
        if dry_run:
            transaction.set_rollback(True)
    return report


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


def _import_row(columns, cells):
    if len(cells) != len(columns):
        raise RowError(
            f"{len(cells)} cells, but the header names {len(columns)} columns"
        )
    form = ProductRowForm(data=dict(zip(columns, cells, strict=True)))
    if not form.is_valid():
        raise RowError(
            "; ".join(
                f"{name}: {' '.join(messages)}"
                for name, messages in form.errors.items()
            )
        )
    data = {name: form.cleaned_data[name] for name in columns}
    slug = data.get("slug") or slugify(data.get("title") or "")
    product = _find(slug, data.get("isbn") or "")
    created = product is None
    if created:
        missing = [name for name in ("title", "price") if data.get(name) in (None, "")]
        if missing:
            # No product matched: this row would be a new one.
            raise RowError(
                "no product has this slug or ISBN, and a new product needs "
                + " and ".join(missing)
            )
        if not slug:
            raise RowError("the title gives no usable slug; add a slug column")
        product = Product(slug=slug)
    elif data.get("slug"):
        product.slug = data["slug"]

    for column, model_field in PLAIN_FIELDS.items():
        if column not in data:
            continue
        value = data[column]
        if value in (None, "") and column in KEEP_WHEN_EMPTY:
            continue
        if value is None and column not in ("page_count", "year"):
            value = ""
        setattr(product, model_field, value)
    if "publisher" in data:
        product.publisher = _publisher(
            data["publisher"], data.get("publisher_short_name") or ""
        )
    elif data.get("publisher_short_name"):
        raise RowError("publisher_short_name needs a publisher column")
    product.save()

    for column, role in CREDIT_COLUMNS.items():
        if column in data:
            _set_credits(product, role, data[column])
    if "categories" in data:
        product.categories.set([_category(path) for path in data["categories"]])
    return product, created


def _find(slug, isbn):
    by_slug = Product.objects.filter(slug=slug).first() if slug else None
    by_isbn = Product.objects.filter(isbn=isbn).first() if isbn else None
    if by_slug and by_isbn and by_slug.pk != by_isbn.pk:
        raise RowError(
            f"the slug “{slug}” is “{by_slug}” but ISBN {isbn} is “{by_isbn}”"
        )
    return by_slug or by_isbn


def _unique_slug(model, *candidates):
    """Return the first free slug among ``candidates``, or the last with a number."""
    # Leave room for the “-2” a clash adds.
    room = model._meta.get_field("slug").max_length - 8
    slugs = [slugify(c)[:room].strip("-") for c in candidates if slugify(c)]
    slugs = slugs or [model.__name__.lower()]
    for slug in slugs:
        if not model.objects.filter(slug=slug).exists():
            return slug
    n = 2
    while model.objects.filter(slug=f"{slugs[-1]}-{n}").exists():
        n += 1
    return f"{slugs[-1]}-{n}"


def _publisher(name, short_name):
    if not name:
        return None
    publisher = Publisher.objects.filter(name__iexact=name).first()
    if publisher is None:
        publisher = Publisher.objects.create(
            name=name, short_name=short_name, slug=_unique_slug(Publisher, name)
        )
    elif short_name and publisher.short_name != short_name:
        publisher.short_name = short_name
        publisher.save(update_fields=["short_name"])
    return publisher


def _contributor(name):
    contributor = Contributor.objects.filter(name__iexact=name).first()
    if contributor is None:
        contributor = Contributor.objects.create(
            name=name, slug=_unique_slug(Contributor, name)
        )
    return contributor


def _set_credits(product, role, names):
    contributors = []
    for name in names:
        contributor = _contributor(name)
        if contributor not in contributors:
            contributors.append(contributor)
    product.credits.filter(role=role).exclude(contributor__in=contributors).delete()
    for position, contributor in enumerate(contributors):
        Credit.objects.update_or_create(
            product=product,
            contributor=contributor,
            role=role,
            defaults={"position": position},
        )


def _category(levels):
    parent = None
    for name in levels:
        category = Category.objects.filter(parent=parent, name__iexact=name).first()
        if category is None:
            category = Category.objects.create(
                name=name,
                parent=parent,
                slug=_unique_slug(
                    Category, name, f"{parent.slug} {name}" if parent else name
                ),
            )
        parent = category
    return parent

"""Importing products from a CSV file, row by row: a bad row is skipped whole.

The column set is documented in ``docs/import_products.md`` and in
``manage.py import_products --help`` (both built from ``COLUMNS``).
"""

import csv
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils.text import slugify

from shop.cache import catalogue_changed

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


class Known:
    """Publishers, contributors and categories by name, read once per import.

    Looking each name up with ``iexact`` scans the table: with thousands of
    contributors that made a 100,000-row import take hours. What a failed
    row created is forgotten with the row (its savepoint rolled it back).
    """

    def __init__(self):
        self.publishers = {p.name.lower(): p for p in Publisher.objects.all()}
        self.contributors = {}
        for contributor in Contributor.objects.order_by("-pk"):
            self.contributors[contributor.name.lower()] = contributor  # first wins
        self.categories = {
            (c.parent_id, c.name.lower()): c for c in Category.objects.all()
        }
        self.new_in_row = []

    def remember(self, table, key, value):
        getattr(self, table)[key] = value
        self.new_in_row.append((table, key))

    def forget_row(self):
        for table, key in self.new_in_row:
            getattr(self, table).pop(key, None)
        self.new_in_row = []


def import_products(lines, *, dry_run=False, progress=None) -> Report:
    """Import CSV ``lines`` (an iterable of text lines); return what happened.

    Each row is saved in its own savepoint, so a row that fails leaves
    nothing behind. With ``dry_run`` every row is checked and saved, then the
    whole transaction is rolled back. ``progress``, if given, is called with
    the number of lines read after each row.
    """
    reader = csv.reader(lines)
    columns = _read_header(reader)
    report = Report()
    known = Known()
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
            known.new_in_row = []
            try:
                with transaction.atomic():
                    product, created = _import_row(columns, cells, known)
            except RowError as error:
                known.forget_row()
                report.errors.append((line, str(error)))
            except DatabaseError as error:
                known.forget_row()
                report.errors.append((line, f"the database refused it: {error}"))
            else:
                (report.created if created else report.updated).append(product)
            if progress is not None:
                progress(reader.line_num)
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


def _import_row(columns, cells, known):
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
            known, data["publisher"], data.get("publisher_short_name") or ""
        )
    elif data.get("publisher_short_name"):
        raise RowError("publisher_short_name needs a publisher column")
    product.save()

    for column, role in CREDIT_COLUMNS.items():
        if column in data:
            _set_credits(known, product, role, data[column], created=created)
    if "categories" in data:
        categories = [_category(known, path) for path in data["categories"]]
        if created:  # nothing there yet: insert the links without reading
            through = Product.categories.through
            through.objects.bulk_create(
                through(product=product, category=c) for c in dict.fromkeys(categories)
            )
            catalogue_changed()  # bulk_create sends no m2m_changed
        else:
            product.categories.set(categories)
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


def _publisher(known, name, short_name):
    if not name:
        return None
    publisher = known.publishers.get(name.lower())
    if publisher is None:
        publisher = Publisher.objects.create(
            name=name, short_name=short_name, slug=_unique_slug(Publisher, name)
        )
        known.remember("publishers", name.lower(), publisher)
    elif short_name and publisher.short_name != short_name:
        publisher.short_name = short_name
        publisher.save(update_fields=["short_name"])
    return publisher


def _contributor(known, name):
    contributor = known.contributors.get(name.lower())
    if contributor is None:
        contributor = Contributor.objects.create(
            name=name, slug=_unique_slug(Contributor, name)
        )
        known.remember("contributors", name.lower(), contributor)
    return contributor


def _set_credits(known, product, role, names, *, created):
    contributors = []
    for name in names:
        contributor = _contributor(known, name)
        if contributor not in contributors:
            contributors.append(contributor)
    if created:  # nothing to update or remove: one insert
        Credit.objects.bulk_create(
            Credit(product=product, contributor=c, role=role, position=n)
            for n, c in enumerate(contributors)
        )
        return
    product.credits.filter(role=role).exclude(contributor__in=contributors).delete()
    for position, contributor in enumerate(contributors):
        Credit.objects.update_or_create(
            product=product,
            contributor=contributor,
            role=role,
            defaults={"position": position},
        )


def _category(known, levels):
    parent = None
    for name in levels:
        key = (parent.pk if parent else None, name.lower())
        category = known.categories.get(key)
        if category is None:
            category = Category.objects.create(
                name=name,
                parent=parent,
                slug=_unique_slug(
                    Category, name, f"{parent.slug} {name}" if parent else name
                ),
            )
            known.remember("categories", key, category)
        parent = category
    return parent

"""Writing checked import rows a batch at a time: a few queries per thousand rows.

Rows are applied in file order to products held in memory, as if saved one
by one: a later row for the same slug or ISBN updates what an earlier row
made or changed. Then the batch is written with bulk inserts and updates
(products, contributors, credits, category links, search documents) inside
one savepoint. When the database refuses the batch, it is rolled back and
written again in halves, down to the row it refuses, which is reported and
skipped whole (``Writer.write``).
"""

from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from shop.cache import catalogue_changed

from . import search, signals
from .models import Category, Contributor, Credit, Product, Publisher

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
CREDIT_COLUMNS = {
    "authors": Credit.Role.AUTHOR,
    "editors": Credit.Role.EDITOR,
    "translators": Credit.Role.TRANSLATOR,
}


def _update(products, fields):
    """Write ``fields`` of ``products``: one statement, executed per product.

    ``bulk_update`` builds a CASE of a thousand WHENs per column, which took
    a minute of Python per thousand rows; this is one prepared UPDATE.
    """
    meta, quote = Product._meta, connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    sql = (
        f"UPDATE {quote(meta.db_table)} SET "
        + ", ".join(f"{quote(f.column)} = %s" for f in columns)
        + f" WHERE {quote(meta.pk.column)} = %s"
    )
    params = [
        [f.get_db_prep_save(getattr(p, f.attname), connection) for f in columns]
        + [p.pk]
        for p in products
    ]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


class RowError(Exception):
    """This row cannot be imported; the message says why."""


@dataclass
class Row:
    line: int
    data: dict  # the checked cells of the columns the file has


class Known:
    """Publishers, contributors, categories and their slugs, read once per import.

    Looking each name up with ``iexact`` scans the table: with thousands of
    contributors that made a 100,000-row import take hours. What a batch
    made is forgotten when the batch is rolled back.
    """

    def __init__(self):
        self.publishers = {p.name.lower(): p for p in Publisher.objects.all()}
        self.contributors = {}
        for contributor in Contributor.objects.order_by("-pk"):
            self.contributors[contributor.name.lower()] = contributor  # first wins
        self.categories = {
            (c.parent_id, c.name.lower()): c for c in Category.objects.all()
        }
        self.slugs = {
            model: set(model.objects.values_list("slug", flat=True))
            for model in (Publisher, Contributor, Category)
        }
        self.made = []  # (table, key, slug model, slug) of this batch
        self.renamed = []  # publishers whose short name this batch changed

    def remember(self, table, key, value):
        getattr(self, table)[key] = value
        self.made.append((table, key, type(value), value.slug))

    def unique_slug(self, model, *candidates):
        """Return the first free slug among ``candidates``, or the last numbered."""
        taken = self.slugs[model]
        # Leave room for the “-2” a clash adds.
        room = model._meta.get_field("slug").max_length - 8
        slugs = [slugify(c)[:room].strip("-") for c in candidates if slugify(c)]
        slugs = slugs or [model.__name__.lower()]
        slug = next((s for s in slugs if s not in taken), None)
        n = 2
        while slug is None:
            slug = f"{slugs[-1]}-{n}" if f"{slugs[-1]}-{n}" not in taken else None
            n += 1
        taken.add(slug)
        return slug

    def keep_batch(self):
        self.made, self.renamed = [], []

    def forget_batch(self):
        for table, key, model, slug in self.made:
            getattr(self, table).pop(key, None)
            self.slugs[model].discard(slug)
        for publisher in self.renamed:
            publisher.refresh_from_db(fields=["short_name"])
        self.keep_batch()


class Writer:
    """Writes batches of checked rows; counts what it did in ``report``."""

    def __init__(self, columns, report):
        self.columns, self.report = set(columns), report
        self.known = Known()
        self.product_fields = [
            PLAIN_FIELDS[c] for c in PLAIN_FIELDS if c in self.columns
        ] + ["slug", "updated_at"]
        if "publisher" in self.columns:
            self.product_fields.append("publisher")
        self.stock_written = False

    def write(self, rows: list[Row]) -> None:
        """Write ``rows``; a row the database refuses is reported and skipped."""
        try:
            with transaction.atomic():
                done, errors = _Batch(self, rows).write()
        except DatabaseError as error:
            self.known.forget_batch()
            if len(rows) == 1:
                message = f"the database refused it: {error}"
                self.report.errors.append((rows[0].line, message))
                return
            half = len(rows) // 2
            self.write(rows[:half])
            self.write(rows[half:])
            return
        self.known.keep_batch()
        self.report.errors.extend(errors)
        for created in done:
            if created:
                self.report.created += 1
            else:
                self.report.updated += 1

    def finish(self) -> None:
        """Send what saving each product would have sent, once."""
        catalogue_changed()
        if self.stock_written:  # stock alerts read the stock after the commit
            signals.stock_written.send(sender=Product)


class _Batch:
    def __init__(self, writer, rows):
        self.writer, self.known, self.rows = writer, writer.known, rows
        self.new, self.changed = [], {}  # products to insert; to update (by pk)
        self.credits, self.categories = {}, {}  # (id(product), role) / id → wanted

    def write(self):
        self._find_existing()
        done, errors = [], []
        for row in self.rows:
            try:
                done.append(self._apply(row.data))
            except RowError as error:
                errors.append((row.line, str(error)))
        self._save()
        return done, errors

    def _find_existing(self):
        slugs, isbns = set(), set()
        for row in self.rows:
            slugs.add(row.data.get("slug") or slugify(row.data.get("title") or ""))
            isbns.add(row.data.get("isbn") or "")
        slugs.discard("")
        isbns.discard("")
        newest = ("-date_added", "-pk")  # as ``.first()`` finds one
        self.by_slug, self.by_isbn = {}, {}
        for product in Product.objects.filter(slug__in=slugs).order_by(*newest):
            self.by_slug.setdefault(product.slug, product)
        for product in Product.objects.filter(isbn__in=isbns).order_by(*newest):
            same = self.by_slug.get(product.slug)
            if same is not None and same.pk == product.pk:
                product = same  # one object per product, however a row finds it
            self.by_isbn.setdefault(product.isbn, product)

    def _apply(self, data) -> bool:
        slug = data.get("slug") or slugify(data.get("title") or "")
        isbn = data.get("isbn") or ""
        by_slug = self.by_slug.get(slug) if slug else None
        by_isbn = self.by_isbn.get(isbn) if isbn else None
        if by_slug and by_isbn and by_slug is not by_isbn:
            raise RowError(
                f"the slug “{slug}” is “{by_slug}” but ISBN {isbn} is “{by_isbn}”"
            )
        product = by_slug or by_isbn
        created = product is None
        if created:
            missing = [n for n in ("title", "price") if data.get(n) in (None, "")]
            if missing:
                # No product matched: this row would be a new one.
                raise RowError(
                    "no product has this slug or ISBN, and a new product needs "
                    + " and ".join(missing)
                )
            if not slug:
                raise RowError("the title gives no usable slug; add a slug column")
        if data.get("publisher_short_name") and "publisher" not in data:
            raise RowError("publisher_short_name needs a publisher column")

        if created:
            product = Product(slug=slug)
            self.new.append(product)
        else:
            if product.pk is not None:
                self.changed[product.pk] = product
            if data.get("slug"):
                product.slug = data["slug"]
        old_isbn = product.isbn
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
            product.publisher = self._publisher(
                data["publisher"], data.get("publisher_short_name") or ""
            )
        # Later rows find this product by its slug and ISBN as they are now.
        self.by_slug[product.slug] = product
        if old_isbn and old_isbn != product.isbn:
            if self.by_isbn.get(old_isbn) is product:
                del self.by_isbn[old_isbn]
        if product.isbn:
            self.by_isbn[product.isbn] = product

        for column, role in CREDIT_COLUMNS.items():
            if column in data:
                wanted = [self._contributor(name) for name in data[column]]
                unique = list({id(c): c for c in wanted}.values())
                self.credits[(id(product), role)] = (product, unique)
        if "categories" in data:
            paths = [self._category(path) for path in data["categories"]]
            unique = list({c.pk: c for c in paths}.values())
            self.categories[id(product)] = (product, unique)
        return created

    def _publisher(self, name, short_name):
        if not name:
            return None
        known = self.known
        publisher = known.publishers.get(name.lower())
        if publisher is None:
            publisher = Publisher.objects.create(
                name=name,
                short_name=short_name,
                slug=known.unique_slug(Publisher, name),
            )
            known.remember("publishers", name.lower(), publisher)
        elif short_name and publisher.short_name != short_name:
            publisher.short_name = short_name
            publisher.save(update_fields=["short_name"])
            known.renamed.append(publisher)
        return publisher

    def _contributor(self, name):
        known = self.known
        contributor = known.contributors.get(name.lower())
        if contributor is None:
            # Saved with the batch's other new contributors, in one insert.
            contributor = Contributor(
                name=name, slug=known.unique_slug(Contributor, name)
            )
            known.remember("contributors", name.lower(), contributor)
        return contributor

    def _category(self, levels):
        known, parent = self.known, None
        for name in levels:
            key = (parent.pk if parent else None, name.lower())
            category = known.categories.get(key)
            if category is None:  # few: made one by one, parents first
                category = Category.objects.create(
                    name=name,
                    parent=parent,
                    slug=known.unique_slug(
                        Category, name, f"{parent.slug} {name}" if parent else name
                    ),
                )
                known.remember("categories", key, category)
            parent = category
        return parent

    def _save(self):
        contributors = {
            id(c): c
            for _, wanted in self.credits.values()
            for c in wanted
            if c.pk is None
        }
        Contributor.objects.bulk_create(contributors.values())
        Product.objects.bulk_create(self.new)
        now = timezone.now()
        for product in self.changed.values():
            product.updated_at = now
        _update(self.changed.values(), self.writer.product_fields)
        self._save_credits()
        self._save_categories()
        written = [*self.new, *self.changed.values()]
        search.reindex(p.pk for p in written)
        if any(p.stock > 0 for p in written):
            self.writer.stock_written = True

    def _save_credits(self):
        roles = {role for _, role in self.credits}
        existing = {}
        credits = Credit.objects.filter(product__in=list(self.changed), role__in=roles)
        for credit in credits:
            existing[(credit.product_id, credit.role, credit.contributor_id)] = credit
        wanted, create, update = set(), [], []
        for (_, role), (product, contributors) in self.credits.items():
            for position, contributor in enumerate(contributors):
                key = (product.pk, role, contributor.pk)
                wanted.add(key)
                credit = existing.get(key)
                if credit is None:
                    create.append(
                        Credit(
                            product=product,
                            contributor=contributor,
                            role=role,
                            position=position,
                        )
                    )
                elif credit.position != position:
                    credit.position = position
                    update.append(credit)
        gone = [c.pk for key, c in existing.items() if key not in wanted]
        Credit.objects.filter(pk__in=gone).delete()
        Credit.objects.bulk_update(update, ["position"])
        Credit.objects.bulk_create(create)

    def _save_categories(self):
        through = Product.categories.through
        existing = {
            (link.product_id, link.category_id): link.pk
            for link in through.objects.filter(product__in=list(self.changed))
        }
        wanted = set()
        for product, categories in self.categories.values():
            wanted |= {(product.pk, c.pk) for c in categories}
        # Only the products whose rows name categories lose the others.
        named = {product.pk for product, _ in self.categories.values()}
        gone = [
            pk
            for (product_id, category_id), pk in existing.items()
            if product_id in named and (product_id, category_id) not in wanted
        ]
        through.objects.filter(pk__in=gone).delete()
        through.objects.bulk_create(
            through(product_id=p, category_id=c)
            for p, c in sorted(wanted - existing.keys())
        )

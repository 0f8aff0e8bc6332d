"""The rows behind product cards: a page's products read in one plain query.

A new search at 100,000 products renders most of its 24 cards (few are
cached yet), and reading them through the ORM (building the query, then
each product, publisher, credit and contributor) cost several times the
query itself (``bench/search.py --profile``). This reads the same fields
in one statement written once per process, credits as one JSON value per
product, and builds the models as the ORM does (``Model.from_db``, fields
not read deferred, the database's converters applied), so a card reads
nothing more and anything else that touches a product still works.
"""

import json

from django.db import connection
from django.db.models import Prefetch

from .models import Contributor, Credit, Product, Publisher

# What a product card (``cart.cards``) shows and prices. A field a card
# reads and this leaves out costs a query per card
# (tests/catalog/test_queries.py).
CARD_FIELDS = (
    *("title", "slug", "format", "year", "is_published", "stock", "allow_backorder"),
    *("cover", "cover_thumbnail", "cover_alt"),
    *("price", "trade_price", "trade_discount_excluded"),
    *("publisher__name", "publisher__short_name"),
)
_CREDITS = (
    "SELECT {agg}({array}(c.id, c.role, c.position, k.id, k.name)) "
    "FROM catalog_credit c JOIN catalog_contributor k ON k.id = c.contributor_id "
    "WHERE c.product_id = p.id"
)
_SQL = {
    "sqlite": (
        _CREDITS.format(agg="json_group_array", array="json_array"),
        "IN (SELECT value FROM json_each(%s))",
    ),
    "postgresql": (
        "COALESCE(({}), '[]')".format(
            _CREDITS.format(agg="jsonb_agg", array="jsonb_build_array")
        ),
        "= ANY(%s::bigint[])",
    ),
}
_CREDIT_FIELDS = ("id", "product_id", "contributor_id", "role", "position")
_NAME = ("id", "name")


def _fields(model, names):
    wanted = {"id", *names}
    return [f for f in model._meta.concrete_fields if f.attname in wanted]


class _Statement:
    """The query and, per column, the converters Django would apply."""

    def __init__(self, vendor):
        credits, ids = _SQL[vendor]
        self.products = _fields(
            Product, [n for n in CARD_FIELDS if "__" not in n] + ["publisher_id"]
        )
        self.publishers = _fields(Publisher, ("name", "short_name"))
        columns = [(f, "p") for f in self.products] + [
            (f, "b") for f in self.publishers
        ]
        quote = connection.ops.quote_name
        self.sql = (
            "SELECT "
            + ", ".join(f"{alias}.{quote(f.column)}" for f, alias in columns)
            + f", ({credits}) FROM {quote(Product._meta.db_table)} p "
            f"LEFT JOIN {quote(Publisher._meta.db_table)} b ON b.id = p.publisher_id "
            f"WHERE p.id {ids}"
        )
        self.converters = []
        for i, (field, alias) in enumerate(columns):
            col = field.get_col(alias)
            found = connection.ops.get_db_converters(col)
            found += field.get_db_converters(connection)
            if found:
                self.converters.append((i, col, found))
        self.product_names = [f.attname for f in self.products]
        self.publisher_names = [f.attname for f in self.publishers]

    def convert(self, row):
        row = list(row)
        for i, col, converters in self.converters:
            for converter in converters:
                row[i] = converter(row[i], col, connection)
        return row


_statements = {}


def read(ids) -> dict:
    """Return ``{id: product}`` of ``ids`` with what their cards show."""
    ids = [int(pk) for pk in ids]
    if not ids:
        return {}
    vendor = connection.vendor
    if vendor not in _SQL:  # another database: the ORM and its prefetch
        return _read_with_orm(ids)
    statement = _statements.get(vendor) or _statements.setdefault(
        vendor, _Statement(vendor)
    )
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, [json.dumps(ids) if vendor == "sqlite" else ids])
        rows = cursor.fetchall()
    db = connection.alias
    width = len(statement.products)
    publisher_of = Product.publisher.field.set_cached_value
    contributor_of = Credit.contributor.field.set_cached_value
    found = {}
    for row in rows:
        row = statement.convert(row)
        product = Product.from_db(db, statement.product_names, row[:width])
        publisher = None
        if product.publisher_id is not None:
            publisher = Publisher.from_db(db, statement.publisher_names, row[width:-1])
        publisher_of(product, publisher)
        credits = []
        listed = row[-1]
        for pk, role, position, contributor, name in (
            json.loads(listed) if isinstance(listed, str) else listed
        ):
            credit = Credit.from_db(
                db, _CREDIT_FIELDS, (pk, product.pk, contributor, role, position)
            )
            contributor_of(credit, Contributor.from_db(db, _NAME, (contributor, name)))
            credits.append(credit)
        _give_credits(product, credits)
        found[product.pk] = product
    return found


def _read_with_orm(ids):
    credits = Credit.objects.select_related("contributor").only(
        "product", "role", "position", "contributor__name"
    )
    products = (
        Product.objects.select_related("publisher")
        .only(*CARD_FIELDS)
        .filter(pk__in=ids)
        .prefetch_related(Prefetch("credits", queryset=credits))
    )
    return {product.pk: product for product in products}


def _give_credits(product, credits):
    # As ``prefetch_related`` leaves them: ``product.credits.all()`` is these.
    queryset = Credit.objects.all()
    queryset._result_cache = credits
    queryset._prefetch_done = True
    product._prefetched_objects_cache = {"credits": queryset}

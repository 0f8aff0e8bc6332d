"""Reads of the cart."""

from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects

from catalog import selectors as catalog_selectors
from catalog.models import Credit, Product, Publisher
from shop.cache import cached

from .countries import country_name
from .models import Cart, CartLine

SESSION_KEY = "cart_id"


def get_cart(request) -> Cart | None:
    """Return this browser's cart, or None when it has none (nothing is created).

    A cart that belongs to a user is only found by that user's session: the
    user id is read from the session rather than ``request.user`` so that
    the mini cart costs no query for the user.
    """
    if request.session.session_key is None:
        # No session cookie: no cart, and the session is left untouched (a
        # catalogue page then varies on nothing and stays cacheable).
        return None
    cart_id = request.session.get(SESSION_KEY)
    if not isinstance(cart_id, int):
        return None
    return _own(request, Cart.objects.filter(pk=cart_id).first())


def _own(request, cart: Cart | None) -> Cart | None:
    """Return ``cart`` unless it belongs to a user other than the session's."""
    if cart is None:
        return None
    if cart.user_id is not None and str(cart.user_id) != str(
        request.session.get(AUTH_SESSION_KEY)
    ):
        return None
    return cart


_JOINED = (("c", Cart), ("l", CartLine), ("p", Product), ("pub", Publisher))
_joined_plan = {}


def _joined():
    """Return the cart-with-lines SQL and, per model, its fields and converters.

    Built once per database vendor: compiling the equivalent ORM query cost
    more than running it, on every page a shopper with a cart sees.
    """
    vendor = connection.vendor
    if vendor not in _joined_plan:
        q = connection.ops.quote_name
        columns, plan = [], []
        for alias, model in _JOINED:
            selected, step = _plan(model, alias, model._meta.concrete_fields)
            columns += selected
            plan.append(step)
        table = {alias: q(model._meta.db_table) for alias, model in _JOINED}
        sql = (
            f"SELECT {', '.join(columns)} FROM {table['c']} c "
            f"LEFT JOIN {table['l']} l ON l.{q('cart_id')} = c.{q('id')} "
            f"LEFT JOIN {table['p']} p ON p.{q('id')} = l.{q('product_id')} "
            f"LEFT JOIN {table['pub']} pub ON pub.{q('id')} = p.{q('publisher_id')} "
            f"WHERE c.{q('id')} = %s "
            f"ORDER BY l.{q('added_at')}, l.{q('id')}"
        )
        _joined_plan[vendor] = (sql, plan)
    return _joined_plan[vendor]


def _plan(model, alias, fields):
    """Return the columns of ``fields`` and the plan to make ``model`` of them:
    the field names, where the primary key is, and each field's converters."""
    q = connection.ops.quote_name
    columns, converters = [], []
    for field in fields:
        col = field.get_col(alias)
        converters.append(
            [
                (convert, col)
                for convert in connection.ops.get_db_converters(col)
                + col.get_db_converters(connection)
            ]
        )
        columns.append(f"{alias}.{q(field.column)}")
    names = [f.attname for f in fields]
    return columns, (model, names, names.index(model._meta.pk.attname), converters)


def _instances(row, plan):
    """Split ``row`` into one model instance per joined table (None for no row)."""
    instances, start = [], 0
    for model, names, pk_index, converters in plan:
        values = list(row[start : start + len(names)])
        start += len(names)
        if values[pk_index] is None:  # no row joined
            instances.append(None)
            continue
        for i, field_converters in enumerate(converters):
            for convert, col in field_converters:
                values[i] = convert(values[i], col, connection)
        instances.append(model.from_db(connection.alias, names, values))
    return instances


def cart_with_lines(request) -> tuple[Cart | None, list[CartLine]]:
    """Return ``get_cart(request)`` and ``mini_cart_lines`` of it, in one query.

    One plain SQL statement joins the cart, its lines, their products and
    publishers (a cart without lines included). None and no lines for a cart
    that belongs to another user. Every page a shopper with a cart sees
    reads both.
    """
    if request.session.session_key is None:
        return None, []
    cart_id = request.session.get(SESSION_KEY)
    if not isinstance(cart_id, int):
        return None, []
    sql, plan = _joined()
    with connection.cursor() as cursor:
        cursor.execute(sql, [cart_id])
        rows = cursor.fetchall()
    if not rows:
        return None, []
    cart = _own(request, _instances(rows[0], plan[:1])[0])
    if cart is None:
        return None, []
    lines = []
    for row in rows:
        _, line, product, publisher = _instances(row, plan)
        if line is None:
            continue
        if product is not None:
            product.publisher = publisher
        line.cart = cart  # one instance, as ``cart.lines`` would give
        line.product = product
        lines.append(line)
    return cart, lines


def cart_lines(cart: Cart | None) -> list[CartLine]:
    """Return the cart's lines with what a page shows of each product (3 queries)."""
    if cart is None:
        return []
    return list(
        cart.lines.select_related("product", "product__publisher").prefetch_related(
            Prefetch(
                "product__credits",
                queryset=Credit.objects.select_related("contributor"),
            )
        )
    )


def locked_lines(cart: Cart) -> list[CartLine]:
    """Lock the cart's lines and return them with their products (one query).

    Rows are locked in primary-key order, as ``services`` lock them, and
    returned in the cart's own order. Must run inside a transaction.
    """
    lines = (
        # of=("self",): PostgreSQL cannot lock the nullable side of the join,
        # and the products' rows are locked only by taking their stock.
        cart.lines.select_for_update(of=("self",))
        .select_related("product", "product__publisher")
        .order_by("pk")
    )
    return sorted(lines, key=lambda line: (line.added_at, line.pk))


def mini_cart_lines(cart: Cart | None) -> list[CartLine]:
    """Return the cart's lines with their products and publishers (one query)."""
    if cart is None:
        return []
    return list(cart.lines.select_related("product", "product__publisher"))


def with_credits(lines: list[CartLine], request=None) -> list[CartLine]:
    """Add each line's product credits, for bylines; return ``lines``.

    With ``request``, the credits come from the cache, kept per catalogue
    version (a staff edit of a credit or a contributor bumps it), and cost
    no query on a hit; without it, from the database (one query), as an
    order being placed keeps them.
    """
    products = [line.product for line in lines if line.product is not None]
    if request is None:
        prefetch_related_objects(
            products,
            Prefetch("credits", queryset=Credit.objects.select_related("contributor")),
        )
        return lines
    ids = sorted({product.pk for product in products})
    if not ids:
        return lines
    credits = cached(request, "cart_credits", *ids, compute=lambda: _credits_of(ids))
    for product in products:
        # As Django's own prefetch leaves it: ``product.credits.all()`` reads it.
        found = product.credits.get_queryset()
        found._result_cache = credits.get(product.pk, [])
        found._prefetch_done = True
        product.__dict__.setdefault("_prefetched_objects_cache", {})["credits"] = found
    return lines


def _credits_of(ids) -> dict[int, list[Credit]]:
    by_product = {pk: [] for pk in ids}
    for credit in Credit.objects.filter(product_id__in=ids).select_related(
        "contributor"
    ):
        by_product[credit.product_id].append(credit)
    return by_product


def mini_cart_context(request, *, next_url: str | None = None) -> dict:
    """Return what the mini cart shows: ``request.cart``'s totals, read only."""
    totals = request.cart.totals
    return {
        "totals": totals,
        "country_name": country_name(totals.country),
        "next": next_url or request.get_full_path(),
    }


def line_of(cart: Cart | None, line_id) -> CartLine | None:
    """Return the line ``line_id`` if it belongs to ``cart``, else None."""
    if cart is None:
        return None
    try:
        line_id = int(line_id)
    except (TypeError, ValueError):
        return None
    return cart.lines.select_related("product").filter(pk=line_id).first()


# What adding to the cart reads of a product: its stock, its prices and the
# rules for choosing them (``cart.pricing``), its title and its address.
FOR_SALE = (
    "id",
    "title",
    "slug",
    "price",
    "stock",
    "allow_backorder",
    "is_published",
    "solidarity_price",
    "reduced_price",
    "reduced_paused",
    "pwyc_floor",
    "pwyc_suggested",
    "pwyc_ceiling",
    "trade_price",
    "trade_discount_excluded",
)
_for_sale_plan = {}


def product_for_sale(product_id) -> Product:
    """Return the published product ``product_id``; raise LookupError for any other.

    Only the ``FOR_SALE`` columns, by plain SQL built once per database
    vendor: the ORM's compiling of the product's forty columns, and reading
    its description, cost more than the rest of the add's reads. Other
    fields are deferred (read on use, as with ``.only()``).
    """
    try:
        pk = int(product_id)
    except (TypeError, ValueError):
        raise LookupError(product_id) from None
    if not catalog_selectors.could_be_product_id(pk):
        raise LookupError(product_id)
    vendor = connection.vendor
    if vendor not in _for_sale_plan:
        q = connection.ops.quote_name
        # In the model's order: ``Model.from_db`` takes a subset's values so.
        fields = [f for f in Product._meta.concrete_fields if f.name in FOR_SALE]
        columns, plan = _plan(Product, "p", fields)
        _for_sale_plan[vendor] = (
            f"SELECT {', '.join(columns)} FROM {q(Product._meta.db_table)} p "
            f"WHERE p.{q('id')} = %s AND p.{q('is_published')} = %s",
            [plan],
        )
    sql, plan = _for_sale_plan[vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk, True])
        row = cursor.fetchone()
    if row is None:
        raise LookupError(product_id)
    return _instances(row, plan)[0]

"""A new cart and a new line, inserted by plain SQL.

A new visitor's add makes both on every first visit: the ORM's building of
each insert (fields, pre_save, the returned id) cost more than the
statements. The SQL is built once per database vendor, as the cart's reads
in ``cart.selectors`` are; the instances returned are what
``Cart.objects.create`` and ``CartLine.objects.create`` would return.
"""

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Cart, CartLine

_CART_COLUMNS = ("session_key", "user_id", "country", "created_at", "updated_at")
_LINE_COLUMNS = (
    "cart_id",
    "product_id",
    "title",
    "quantity",
    "price_choice",
    "price_amount",
    "price_seen",
    "added_at",
)
_sql: dict[tuple[str, str], str] = {}


def _insert_sql(model, columns) -> str:
    key = (connection.vendor, model._meta.db_table)
    if key not in _sql:
        q = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            q(model._meta.db_table),
            ", ".join(q(column) for column in columns),
            ", ".join(["%s"] * len(columns)),
        )
        if connection.features.can_return_columns_from_insert:
            sql += f" RETURNING {q('id')}"
        _sql[key] = sql
    return _sql[key]


def _insert(model, columns, values) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(model, columns), values)
        if connection.features.can_return_columns_from_insert:
            return cursor.fetchone()[0]
        return cursor.lastrowid


def _saved(instance):
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


def new_cart(*, session_key: str | None, user) -> Cart:
    """Insert a cart for ``session_key`` (and ``user``, or None); return it."""
    now = timezone.now()
    country = settings.SHIPPING_DEFAULT_COUNTRY
    stamp = connection.ops.adapt_datetimefield_value(now)
    user_id = user.pk if user is not None else None
    pk = _insert(Cart, _CART_COLUMNS, [session_key, user_id, country, stamp, stamp])
    return _saved(
        Cart(
            pk=pk,
            session_key=session_key,
            user_id=user_id,
            country=country,
            created_at=now,
            updated_at=now,
        )
    )


def new_line(
    *, cart: Cart, product, quantity: int, price_choice: str, price_amount
) -> CartLine:
    """Insert ``quantity`` of ``product`` into ``cart``; return the line."""
    now = timezone.now()
    ops = connection.ops
    values = [
        cart.pk,
        product.pk,
        product.title,
        quantity,
        price_choice,
        ops.adapt_decimalfield_value(price_amount, 10, 2),
        ops.adapt_decimalfield_value(product.price, 10, 2),
        ops.adapt_datetimefield_value(now),
    ]
    line = CartLine(
        cart=cart,
        product=product,
        title=product.title,
        quantity=quantity,
        price_choice=price_choice,
        price_amount=price_amount,
        price_seen=product.price,
        added_at=now,
    )
    line.pk = _insert(CartLine, _LINE_COLUMNS, values)
    return _saved(line)

"""What a session's cart holds (``cart.state``), read in one plain SQL statement.

Every page a shopper with a cart sees reads it (the mini cart is kept under
it); a product page reads it with the product's stock and the catalogue
version (``cart_state_and_stock``).
"""

from collections import namedtuple

from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.db import connection

from catalog import selectors as catalog_selectors
from catalog.models import Product
from shop.cache import VERSION_COLUMN, note_version

from .models import Cart, CartLine
from .selectors import SESSION_KEY
from .state import CartState, line_state


def _state_sql(*, stock_of_product=False):
    """The cart state's statement; with ``stock_of_product``, from one
    product's row (its stock and the catalogue version first, then the
    cart's columns, NULL for no cart), so that a product page reads all at
    once."""
    q = connection.ops.quote_name
    cart, line, product = (
        q(model._meta.db_table) for model in (Cart, CartLine, Product)
    )
    columns = (
        f"c.{q('id')}, c.{q('user_id')}, c.{q('country')}, "
        f"c.{q('shipping_method_id')}, c.{q('discount_id')}, l.{q('id')}, "
        f"l.{q('product_id')}, l.{q('quantity')}, l.{q('price_choice')}, "
        f"l.{q('price_amount')}, p.{q('is_published')}, p.{q('stock')}, "
        f"p.{q('allow_backorder')}"
    )
    joins = (
        f"LEFT JOIN {line} l ON l.{q('cart_id')} = c.{q('id')} "
        f"LEFT JOIN {product} p ON p.{q('id')} = l.{q('product_id')}"
    )
    if not stock_of_product:
        return f"SELECT {columns} FROM {cart} c {joins} WHERE c.{q('id')} = %s"
    return (
        f"SELECT shown.{q('stock')}, {VERSION_COLUMN}, {columns} FROM {product} shown "
        f"LEFT JOIN {cart} c ON c.{q('id')} = %s {joins} "
        f"WHERE shown.{q('id')} = %s"
    )


_Stock = namedtuple("_Stock", "is_published stock allow_backorder")


def _cart_id(request) -> int | None:
    if request.session.session_key is None:
        return None
    cart_id = request.session.get(SESSION_KEY)
    return cart_id if isinstance(cart_id, int) else None


def cart_state(request) -> CartState | None:
    """Return what this session's cart holds (``cart.state``), or None for no cart.

    One plain SQL statement of a few columns, whatever the number of lines:
    the ORM's building of the wide cart, line and product rows cost more
    than the query. None also for a cart that belongs to another user.
    """
    cart_id = _cart_id(request)
    if cart_id is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(), [cart_id])
        return _state_of(request, cart_id, cursor.fetchall())


def cart_state_and_stock(request, product_id) -> tuple[CartState | None, int] | None:
    """Return ``cart_state(request)`` and product ``product_id``'s stock.

    One statement for both (a product page shows the stock in its buy box
    and the cart in its mini cart), which also reads the catalogue version
    (``shop.cache.note_version``); None when there is no such product.
    """
    cart_id = _cart_id(request)
    if cart_id is None:
        stock = catalog_selectors.product_stock(product_id, request=request)
        return None if stock is None else (None, stock)
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(stock_of_product=True), [cart_id, product_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    note_version(request, rows[0][1])
    cart_rows = [row[2:] for row in rows if row[2] is not None]
    return _state_of(request, cart_id, cart_rows), rows[0][0]


def _state_of(request, cart_id, rows) -> CartState | None:
    if not rows:
        return None
    user_id, country, method_id, discount_id = rows[0][1:5]
    if user_id is not None and str(user_id) != str(
        request.session.get(AUTH_SESSION_KEY)
    ):
        return None
    lines = sorted(
        (
            line_state(
                pk,
                product_id,
                quantity,
                choice,
                amount,
                product=None if product_id is None else _Stock(*stock),
            )
            for (*_, pk, product_id, quantity, choice, amount), stock in (
                (row[:10], row[10:]) for row in rows
            )
            if pk is not None
        ),
        key=lambda line: line.pk,
    )
    return CartState(
        pk=cart_id,
        user_id=user_id,
        country=country,
        shipping_method_id=method_id,
        discount_id=discount_id,
        lines=tuple(lines),
    )

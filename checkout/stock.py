"""Taking an order's stock off the shelf and putting it back.

- Stock is taken when an order is placed, in the same transaction, by a
  conditional ``UPDATE … WHERE stock >= n`` per line in product-pk order (a
  fixed lock order, so two checkouts never deadlock). A short line changes no
  row, and the whole order rolls back.
- Pages show stock only through ``Product.availability`` ("In stock", "Only
  N left", "Out of stock"), which changes only at or below ``LOW_STOCK``. A
  line that leaves more than that on the shelf changes no page, so it is
  taken by an update that also asks for that margin, and only a line that
  brings a product down to ``LOW_STOCK`` or below bumps the catalogue
  version. During a rush the cached pages (and the postage cached under the
  version) then stay valid instead of being thrown away by every order.
- Backorder products: a line takes its full quantity from stock when the
  shelf has it; otherwise it takes none (``OrderLine.stock_taken = 0``) and is
  supplied from a reprint or reorder. Stock therefore never goes below zero and
  returning an order gives back exactly what it took.
- Stock goes back at most once per taking: the release flips
  ``Order.stock_released`` with a conditional update and only the caller whose
  update changed the row returns stock.
"""

from django.db import connection, transaction
from django.db.models import F

from catalog.models import LOW_STOCK, Product
from shop.cache import catalogue_changed

from .exceptions import OutOfStock
from .models import Order, OrderLine


def short_message(title: str, available: int) -> str:
    """Say that a product cannot be sold in the quantity asked."""
    if available <= 0:
        return f"Sorry, “{title}” has sold out."
    return f"Sorry, only {available} of “{title}” left: please change your cart."


def take(wanted: list[tuple[Product, int]]) -> dict[int, int]:
    """Take each product's quantity off the shelf; return how many per product.

    Raises ``OutOfStock`` (rolling back the caller's transaction) when any
    line is short.
    """
    taken, short = {}, []
    for product, quantity in sorted(wanted, key=lambda pair: pair[0].pk):
        if _take(product, quantity, leaving=LOW_STOCK + 1):
            taken[product.pk] = quantity
        elif _take(product, quantity, leaving=0):
            taken[product.pk] = quantity
            catalogue_changed()  # it now shows "Only N left" or "Out of stock"
        elif product.allow_backorder:
            taken[product.pk] = 0
        else:
            short.append(product)
    if short:
        left = dict(
            Product.objects.filter(pk__in=[p.pk for p in short]).values_list(
                "pk", "stock"
            )
        )
        raise OutOfStock([short_message(p.title, left.get(p.pk, 0)) for p in short])
    return taken


# The one statement that prevents oversell: it changes the row only while the
# shelf holds enough, and the row lock it takes makes a second buyer's update
# wait and then see the first one's stock. Written out because it runs for every
# line of every order, and building it through the ORM cost more than running it.
TAKE = (
    f"UPDATE {Product._meta.db_table} SET stock = stock - %s"
    " WHERE id = %s AND stock >= %s"
)


def _take(product: Product, quantity: int, *, leaving: int) -> bool:
    """Take ``quantity`` if at least ``leaving`` stay on the shelf; say if it did."""
    with connection.cursor() as cursor:
        cursor.execute(TAKE, [quantity, product.pk, quantity + leaving])
        return cursor.rowcount == 1


def release(order: Order) -> bool:
    """Put the order's stock back on the shelf, once; return whether it did."""
    if not Order.objects.filter(pk=order.pk, stock_released=False).update(
        stock_released=True
    ):
        return False
    order.stock_released = True
    catalogue_changed()
    lines = OrderLine.objects.filter(
        order=order, stock_taken__gt=0, product__isnull=False
    ).order_by("product_id")
    for line in lines:
        Product.objects.filter(pk=line.product_id).update(
            stock=F("stock") + line.stock_taken
        )
    return True


def retake(order: Order) -> list[str]:
    """Take a released order's stock again; return what is short (then nothing)."""
    lines = list(
        OrderLine.objects.filter(order=order, product__isnull=False)
        .select_related("product")
        .order_by("product_id")
    )
    try:
        with transaction.atomic():
            taken = take([(line.product, line.quantity) for line in lines])
            if not Order.objects.filter(pk=order.pk, stock_released=True).update(
                stock_released=False
            ):
                raise OutOfStock([])  # someone else already took it back
    except OutOfStock as short:
        return short.messages or ["The stock was taken again already."]
    for line in lines:
        if line.stock_taken != taken[line.product_id]:
            line.stock_taken = taken[line.product_id]
            line.save(update_fields=["stock_taken"])
    order.stock_released = False
    return []

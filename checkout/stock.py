"""Taking an order's stock off the shelf and putting it back.

- Stock is taken when an order is placed, in the same transaction, by a
  conditional ``UPDATE … WHERE stock >= n`` per line in product-pk order (a
  fixed lock order, so two checkouts never deadlock). A short line changes no
  row, and the whole order rolls back.
- Backorder products: a line takes its full quantity from stock when the
  shelf has it; otherwise it takes none (``OrderLine.stock_taken = 0``) and is
  supplied from a reprint or reorder. Stock therefore never goes below zero and
  returning an order gives back exactly what it took.
- Stock goes back at most once per taking: the release flips
  ``Order.stock_released`` with a conditional update and only the caller whose
  update changed the row returns stock.
"""

from django.db import transaction
from django.db.models import F

from catalog.models import Product
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
    catalogue_changed()  # availability and "only N left" show stock
    for product, quantity in sorted(wanted, key=lambda pair: pair[0].pk):
        rows = Product.objects.filter(pk=product.pk, stock__gte=quantity).update(
            stock=F("stock") - quantity
        )
        if rows:
            taken[product.pk] = quantity
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

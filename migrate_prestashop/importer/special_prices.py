"""Special prices (``specific_price``): listed precisely, not copied.

The shop has one price per product for every shopper, plus trade terms and
discount codes; it has no "sale price" that shows to everyone for a while.
So each special price is listed in the report with the product, what it took
off and when, and whom it was for, for staff to recreate as they see fit (a
discount code for the products, or a new price). The regular price is what
came over.
"""

from decimal import Decimal

from django.utils import timezone

from shop.money import to_money

from ..source import as_datetime

SECTION = (
    "Special prices in the old shop (not copied: the regular price came over; "
    "recreate them as a discount code or a price change if you still want them)"
)


def _what(row):
    reduction = Decimal(row["reduction"] or 0)
    parts = []
    if Decimal(row["price"]) >= 0:
        parts.append(f"a fixed price of {to_money(Decimal(row['price']))} before tax")
    if reduction and row["reduction_type"] == "percentage":
        parts.append(f"{(reduction * 100).normalize():f} % off")
    elif reduction:
        tax = "tax included" if row["reduction_tax"] else "before tax"
        parts.append(f"{to_money(reduction)} off ({tax})")
    return " then ".join(parts) or "no change"


def _when(row, now):
    start, end = as_datetime(row["from"]), as_datetime(row["to"])
    if start and start > now:
        return f"from {start:%Y-%m-%d}" + (f" to {end:%Y-%m-%d}" if end else "")
    return f"until {end:%Y-%m-%d}" if end else "no end date"


def _whom(row, groups):
    limits = []
    if row["id_group"]:
        name = (groups.get(row["id_group"]) or {}).get("name") or row["id_group"]
        limits.append(f"group “{name}”")
    if row["id_customer"]:
        limits.append(f"customer {row['id_customer']}")
    if row["id_country"]:
        limits.append(f"country {row['id_country']}")
    if row["id_currency"]:
        limits.append(f"currency {row['id_currency']}")
    if row["id_product_attribute"]:
        limits.append(f"combination {row['id_product_attribute']}")
    whom = "for " + ", ".join(limits) if limits else "for everyone"
    if row["from_quantity"] and row["from_quantity"] > 1:
        whom += f", from {row['from_quantity']} copies"
    return whom


def report_special_prices(ctx):
    rows = ctx.source.specific_prices()
    if not rows:
        return
    groups, now = ctx.source.groups(), timezone.now()
    ended = 0
    for row in rows:
        product = ctx.products.get(row["id_product"])
        end = as_datetime(row["to"])
        if end and end < now:
            ended += 1
            continue
        if product is None:
            continue
        ctx.report.line(
            SECTION,
            f"product {row['id_product']} “{product.title}”: {_what(row)}, "
            f"{_whom(row, groups)}, {_when(row, now)}",
        )
    if ended:
        ctx.report.note(f"{ended} special prices had ended; they were left behind.")

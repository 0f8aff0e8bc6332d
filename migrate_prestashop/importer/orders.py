"""Past orders, as read-only history, with statuses read from the old shop's flags.

Order-state ids differ between shops (upgrades and payment modules add states),
so a state is mapped by the ``PS_OS_*`` setting that names it, then by its
flags (shipped, paid), then by its name; anything else is marked for review.
"""

import re

from django.db import transaction

from checkout.models import Order
from shop.money import to_money

from ..models import PastOrder, PastOrderLine
from ..source import as_datetime
from .customers import address_text
from .links import Linker

Status = Order.Status
CONFIG_STATES = {
    "PS_OS_CHEQUE": Status.AWAITING_PAYMENT,
    "PS_OS_BANKWIRE": Status.AWAITING_PAYMENT,
    "PS_OS_PAYPAL": Status.AWAITING_PAYMENT,
    "PS_OS_COD_VALIDATION": Status.AWAITING_PAYMENT,
    "PS_OS_OUTOFSTOCK_UNPAID": Status.AWAITING_PAYMENT,
    "PS_OS_PAYMENT": Status.PAID,
    "PS_OS_PREPARATION": Status.PAID,
    "PS_OS_WS_PAYMENT": Status.PAID,
    "PS_OS_OUTOFSTOCK": Status.PAID,
    "PS_OS_OUTOFSTOCK_PAID": Status.PAID,
    "PS_OS_SHIPPING": Status.SHIPPED,
    "PS_OS_DELIVERED": Status.SHIPPED,
    "PS_OS_CANCELED": Status.CANCELLED,
    "PS_OS_REFUND": Status.REFUNDED,
    "PS_OS_ERROR": Status.PAYMENT_FAILED,
}
NAME_STATES = [
    (r"cancel", Status.CANCELLED),
    (r"refund", Status.REFUNDED),
    (r"error|fail|declin", Status.PAYMENT_FAILED),
    (r"await|pending|waiting", Status.AWAITING_PAYMENT),
]


def state_map(source):
    """Return ``{id_order_state: (status, name, needs_review)}``."""
    by_config = {}
    for key, status in CONFIG_STATES.items():
        value = source.setting(key)
        if value and str(value).isdigit():
            by_config.setdefault(int(value), status)
    states = {}
    for row in source.order_states():
        state_id, name = row["id_order_state"], row["name"] or ""
        status, review = by_config.get(state_id), False
        if status is None and row["shipped"]:
            status = Status.SHIPPED
        elif status is None and (row["paid"] or row["logable"]):
            status = Status.PAID
        if status is None:
            for pattern, named in NAME_STATES:
                if re.search(pattern, name, re.IGNORECASE):
                    status = named
                    break
        if status is None:
            status, review = Status.AWAITING_PAYMENT, True
        states[state_id] = (status, name or f"state {state_id}", review)
    return states


def import_orders(ctx, address_rows):
    source, report = ctx.source, ctx.report
    states = state_map(source)
    addresses = {row["id_address"]: address_text(row) for row in address_rows}
    lines_by_order = {}
    for row in source.order_lines():
        lines_by_order.setdefault(row["id_order"], []).append(row)
    tracking = source.tracking_numbers()
    linker = Linker("order", PastOrder, report, name_field="reference")
    review = []
    for row in ctx.progress("orders", source.orders()):
        old_id = row["id_order"]
        email = (row["email"] or "").strip().lower()
        placed = as_datetime(row["date_add"])
        if not email or placed is None:
            report.skip("order", old_id, "no customer email or no order date")
            continue
        status, old_status, needs_review = states.get(
            row["current_state"], (Status.AWAITING_PAYMENT, "unknown", True)
        )
        if needs_review:
            review.append(old_id)
        user = ctx.users_by_old_id.get(row["id_customer"]) or ctx.users_by_email.get(
            email
        )
        values = {
            "reference": (row["reference"] or str(old_id))[:20],
            "user_id": user.pk if user else None,
            "email": email,
            "placed_at": placed,
            "status": status,
            "old_status": old_status[:64],
            "needs_review": needs_review,
            "payment": (row["payment"] or "")[:255],
            "currency": (row["currency"] or "")[:3],
            "products_total": to_money(row["total_products_wt"]),
            "shipping": to_money(row["total_shipping_tax_incl"]),
            "discounts": to_money(row["total_discounts_tax_incl"]),
            "total": to_money(row["total_paid_tax_incl"]),
            "delivery_address": addresses.get(row["id_address_delivery"], ""),
            "invoice_address": addresses.get(row["id_address_invoice"], ""),
            "tracking_reference": (
                tracking.get(old_id) or row["shipping_number"] or ""
            )[:64],
        }
        with transaction.atomic():
            created = old_id not in linker.links
            order = linker.upsert(old_id, values, old_name=values["reference"])
            if created and order is not None:
                PastOrderLine.objects.bulk_create(
                    _line(order, line, ctx) for line in lines_by_order.get(old_id, [])
                )
    if review:
        report.note(
            f"{len(review)} past orders are in an order state that could not be "
            f"mapped with certainty (marked “needs review”): old ids "
            f"{', '.join(map(str, review[:20]))}."
        )


def _line(order, row, ctx):
    product = ctx.products.get(row["product_id"])
    return PastOrderLine(
        order=order,
        product=product,
        title=(row["product_name"] or "")[:255],
        reference=(row["product_reference"] or "")[:32],
        quantity=max(1, row["product_quantity"] or 1),
        unit_price=to_money(row["unit_price_tax_incl"]),
        line_total=to_money(row["total_price_tax_incl"]),
    )

"""What the shopper reviewed before placing an order, and what changed since.

The review page stores a snapshot of the cart in the session and carries its
fingerprint in the form; ``services.place_order`` compares it with today's.
"""

import hashlib
import json

from cart.totals import CartTotals
from shop.money import format_money

from .stock import short_message

CHANGED = "Your cart changed. Please check your order again."


def snapshot(totals: CartTotals) -> dict:
    """Return what the shopper agreed to on the review page, as plain data."""
    return {
        "lines": {
            str(t.line.product_id): {
                "title": t.line.product.title,
                "quantity": t.line.quantity,
                "price": str(t.unit_price),
            }
            for t in totals.lines
        },
        "method": totals.method.pk if totals.method else None,
        "method_name": totals.method.name if totals.method else "",
        "shipping": str(totals.shipping),
        "total": str(totals.total),
        "donation": str(totals.donation),
        "country": totals.country,
        "discount": {
            "code": totals.code.code if totals.code else "",
            "amount": str(totals.discount),
            "problem": totals.code.problem if totals.code else "",
        },
    }


def fingerprint(snap: dict) -> str:
    """Return a short digest of a snapshot, carried by the review form."""
    data = json.dumps(snap, sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()[:32]


def describe_changes(old: dict | None, new: dict) -> list[str]:
    """Say in words what differs between the reviewed cart and today's."""
    if not old:
        return [CHANGED]
    changes = []
    old_lines, new_lines = old["lines"], new["lines"]
    for pk, was in old_lines.items():
        now = new_lines.get(pk)
        if now is None:
            changes.append(f"“{was['title']}” is no longer in your cart.")
            continue
        if now["price"] != was["price"]:
            changes.append(
                f"The price of “{was['title']}” changed from "
                f"{format_money(was['price'])} to {format_money(now['price'])}."
            )
        if now["quantity"] != was["quantity"]:
            changes.append(
                f"You now have {now['quantity']} of “{was['title']}” "
                f"(was {was['quantity']})."
            )
    for pk, now in new_lines.items():
        if pk not in old_lines:
            changes.append(f"“{now['title']}” was added to your cart.")
    if (new["method"], new["shipping"]) != (old["method"], old["shipping"]):
        changes.append(
            f"Postage is now {format_money(new['shipping'])} by "
            f"{new['method_name'] or 'no available method'} (was "
            f"{format_money(old['shipping'])} by {old['method_name']})."
        )
    code_was = old.get("discount") or {"code": "", "amount": "0.00", "problem": ""}
    code_now = new.get("discount") or code_was
    if code_now != code_was:
        if code_now["problem"]:
            changes.append(code_now["problem"])
        elif not code_now["code"]:
            changes.append(f"The code {code_was['code']} is no longer on your cart.")
        else:
            changes.append(
                f"The code {code_now['code']} now takes "
                f"{format_money(code_now['amount'])} off "
                f"(was {format_money(code_was['amount'])})."
            )
    if new["total"] != old["total"]:
        changes.append(
            f"Your total is now {format_money(new['total'])} "
            f"(was {format_money(old['total'])})."
        )
    return changes or [CHANGED]


def stock_problems(totals: CartTotals) -> list[str]:
    """Say which lines cannot be sold as they stand."""
    problems = []
    for t in totals.lines:
        product = t.line.product
        if product.sellable_quantity(t.line.quantity) < t.line.quantity:
            problems.append(short_message(product.title, product.stock))
    return problems

"""“Your data”: everything the shop holds on a customer, and closing an account.

Closing an account keeps its orders, because the shop must keep its
accounting records (six years in the UK), but removes from them everything
that names or locates the customer: name, email, street address, postcode,
note, and the link to the account. What stays is the order number, date,
items, prices, postage, country, payment method and payment references.
"""

from django.contrib.auth import logout
from django.db import transaction

from checkout.models import Order

from . import selectors
from .models import StockAlert

ANONYMOUS_NAME = "Deleted customer"


def export(*, user) -> dict:
    """Return the customer's account, addresses, alerts and orders as plain data."""
    customer = selectors.customer_for(user)
    return {
        "account": {
            "email": user.email,
            "joined": user.date_joined.isoformat(),
            "email_confirmed": customer.verified_at.isoformat()
            if customer.verified_at
            else None,
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        },
        "addresses": [
            {
                "name": a.name,
                "line1": a.line1,
                "line2": a.line2,
                "city": a.city,
                "region": a.region,
                "postcode": a.postcode,
                "country": a.country,
                "default": a.is_default,
            }
            for a in selectors.addresses_of(customer)
        ],
        "stock_alerts": [
            {
                "product": alert.product.title,
                "since": alert.created_at.isoformat(),
            }
            for alert in selectors.alerts_of(customer)
        ],
        "orders": [_order(order) for order in selectors.orders_of(user)],
    }


def _order(order: Order) -> dict:
    return {
        "number": order.number,
        "placed": order.created_at.isoformat(),
        "status": order.get_status_display(),
        "email": order.email,
        "name": order.name,
        "address": [
            order.line1,
            order.line2,
            order.city,
            order.region,
            order.postcode,
            order.country,
        ],
        "note": order.note,
        "payment_method": order.get_payment_method_display(),
        "postage": order.shipping_method_name,
        "tracking_reference": order.tracking_reference,
        # Money as strings: exact pence, never a float.
        "subtotal": str(order.subtotal),
        "postage_price": str(order.shipping_price),
        "total": str(order.total),
        "lines": [
            {
                "title": line.title,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "line_total": str(line.line_total),
            }
            for line in order.lines.all()
        ],
        "history": [
            {"status": c.get_to_status_display(), "at": c.changed_at.isoformat()}
            for c in order.status_changes.all()
        ],
    }


@transaction.atomic
def delete_account(*, request, user) -> int:
    """Anonymise the customer's orders, delete the account; return orders kept."""
    email = user.email
    kept = Order.objects.filter(user=user).update(
        user=None,
        email="deleted@invalid",
        name=ANONYMOUS_NAME,
        line1="",
        line2="",
        city="",
        region="",
        postcode="",
        note="",
    )
    StockAlert.objects.filter(email=email).delete()
    user.delete()  # its customer row, addresses, carts and alerts go with it
    logout(request)
    return kept

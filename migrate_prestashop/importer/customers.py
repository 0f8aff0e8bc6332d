"""Customers (one account per email), their addresses, newsletter consent, group.

PrestaShop keeps a row per guest checkout and keeps deleted customers, so one
email can have many rows. One account is made per email from the real,
undeleted rows; guests and deleted rows are skipped with a reason, and the
guests' orders still find the account through the email.

Accounts are the shop's own (``accounts``, see docs/accounts.md): a ``User``
named by the lower-case email with a confirmed ``Customer`` (the old shop let
them sign in), and their current addresses as saved addresses.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import Address, Customer
from cart.countries import COUNTRIES

from ..hashers import ALGORITHM, encoded_from_prestashop, looks_like_prestashop_hash
from ..models import PastCustomer
from ..source import as_datetime
from .links import Linker


def _valid_email(email):
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def _real_customers(ctx, rows):
    """Return ``{email: row}``: the newest real, undeleted row of each email."""
    chosen = {}
    for row in rows:
        email = (row["email"] or "").strip().lower()
        old_id = row["id_customer"]
        if row["deleted"]:
            ctx.report.skip("customer", old_id, "deleted in the old shop")
        elif row["is_guest"]:
            ctx.report.skip(
                "customer",
                old_id,
                "a guest checkout, not an account (its orders "
                "are kept, found by email)",
            )
        elif not _valid_email(email):
            ctx.report.skip("customer", old_id, f"“{email}” is not an email address")
        else:
            earlier = chosen.get(email)
            if earlier is not None:
                ctx.report.skip(
                    "customer",
                    earlier["id_customer"],
                    "an older account with the "
                    "same email as a newer one (the newer one was imported)",
                )
            chosen[email] = row
    return chosen


def import_customers(ctx):
    source, report = ctx.source, ctx.report
    User = get_user_model()
    rows = source.customers()
    groups = source.groups()
    trade_groups = set(ctx.trade_groups)
    linker = Linker("customer", User, report, name_field="email")
    confirmed = set(Customer.objects.values_list("user_id", flat=True))
    by_email = {}
    ctx.customer_rows = _real_customers(ctx, rows)
    for email, row in ctx.progress("customers", ctx.customer_rows.items()):
        old_id = row["id_customer"]
        values = {
            "first_name": (row["firstname"] or "")[:150],
            "last_name": (row["lastname"] or "")[:150],
            "email": email,
            "is_active": bool(row["active"]),
        }
        user = linker.get(old_id)
        if user is None:
            user = User.objects.filter(username__iexact=email).first()
            if user is not None:
                linker.remember(old_id, user, {}, email)
        with transaction.atomic():
            if user is None:
                user = linker.upsert(
                    old_id,
                    values,
                    on_create={
                        "username": email,
                        "date_joined": as_datetime(row["date_add"]) or ctx.started,
                    },
                    old_name=email,
                )
            else:
                user = linker.upsert(old_id, values, old_name=email)
            if user is None:
                continue
            _carry_password(ctx, user, row)
            if user.pk not in confirmed and not user.is_staff:
                Customer.objects.create(user=user, verified_at=ctx.started)
                confirmed.add(user.pk)
            group = groups.get(row["id_default_group"]) or {}
            is_wholesale = row["id_default_group"] in trade_groups
            PastCustomer.objects.update_or_create(
                user=user,
                defaults={
                    "newsletter": bool(row["newsletter"]),
                    "newsletter_since": as_datetime(row["newsletter_date_add"]),
                    "group": (group.get("name") or "")[:64],
                    "is_wholesale": is_wholesale,
                },
            )
        by_email[email] = user
    # Every old customer id (guests and duplicates too) that has an account.
    ctx.users_by_old_id = {
        row["id_customer"]: by_email[email]
        for row in rows
        if (email := (row["email"] or "").strip().lower()) in by_email
    }
    ctx.users_by_email = by_email


def _carry_password(ctx, user, row):
    """Give ``user`` the old hash, unless they have already signed in here."""
    passwd = row["passwd"] or ""
    current = user.password or ""
    ours = current.startswith(ALGORITHM + "$")
    if current and not ours and user.has_usable_password():
        return  # They set a password in the new shop: it wins.
    if looks_like_prestashop_hash(passwd):
        encoded = encoded_from_prestashop(ctx.cookie_key, passwd)
        if current == encoded:
            return
        user.password = encoded
    else:
        if current and not ours:
            return  # Already unusable.
        user.set_unusable_password()
        ctx.report.note(f"Customer {row['id_customer']} had no usable password.")
    user.save(update_fields=["password"])


def address_text(row):
    name = " ".join(x for x in (row["firstname"], row["lastname"]) if x)
    lines = [name, row["company"], row["address1"], row["address2"], row["city"]]
    lines += [row["state"], row["postcode"], row["country"]]
    return "\n".join(x for x in lines if x)


def import_addresses(ctx, rows):
    """Current addresses become saved addresses; old copies stay on their orders."""
    linker = Linker("address", Address, ctx.report)
    customers = dict(Customer.objects.values_list("user_id", "pk"))
    with_default = set(
        Address.objects.filter(is_default=True).values_list("customer_id", flat=True)
    )
    for row in ctx.progress("addresses", rows):
        old_id = row["id_address"]
        user = ctx.users_by_old_id.get(row["id_customer"])
        if user is None or user.pk not in customers:
            continue  # A guest's address: kept as text on its orders.
        if row["deleted"]:
            ctx.report.skip(
                "address",
                old_id,
                "a copy PrestaShop kept for old orders (shown on those orders)",
            )
            continue
        country = (row["country"] or "").upper()
        if country not in COUNTRIES:
            ctx.report.skip("address", old_id, f"unknown country “{country}”")
            continue
        name = " ".join(x for x in (row["firstname"], row["lastname"]) if x)
        if row["company"]:
            name = f"{name}, {row['company']}"
        values = {
            "name": name[:200],
            "line1": (row["address1"] or "")[:200],
            "line2": (row["address2"] or "")[:200],
            "city": (row["city"] or "")[:100],
            "region": (row["state"] or "")[:100],
            "postcode": (row["postcode"] or "")[:20],
            "country": country,
        }
        customer_id = customers[user.pk]
        with transaction.atomic():
            linker.upsert(
                old_id,
                values,
                on_create={
                    "customer_id": customer_id,
                    # The first address of a customer becomes the default.
                    "is_default": customer_id not in with_default,
                },
                old_name=name,
            )
        with_default.add(customer_id)

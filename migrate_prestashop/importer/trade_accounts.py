"""Wholesale customers become trade accounts, at their old group's discount.

PrestaShop gives a group a ``reduction`` (a percentage off every price) and
prices each customer by their *default* group. Customers whose default group
is a trade group (named with ``--trade-group``, or by default every group
beyond Visitor, Guest and Customer that has a reduction) each get a trade
account of their own, approved (the old shop already sold to them at trade
prices, and the move must not take that away on the day), with themselves as
its member. No "approved" email is sent: nothing changed for them.

The account is found again by the old customer id, so a rerun updates the
name, address and discount that staff have not edited here, and reports the
ones they have. An account staff declined stays declined.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from accounts.models import Customer
from cart.countries import COUNTRIES
from trade.models import Member, TradeAccount

from .links import Linker

ORDINARY_GROUPS = (
    ("PS_UNIDENTIFIED_GROUP", 1),
    ("PS_GUEST_GROUP", 2),
    ("PS_CUSTOMER_GROUP", 3),
)


def ordinary_groups(source) -> set[int]:
    return {int(source.setting(key, default)) for key, default in ORDINARY_GROUPS}


def resolve_trade_groups(source, wanted: list[str]) -> list[int]:
    """Return the ids of the groups that are trade groups.

    ``wanted`` holds names or ids from ``--trade-group`` ("none" for no trade
    accounts); empty means every non-default group with a reduction. Raise
    ``ValueError`` naming the old shop's groups when one is unknown.
    """
    groups = source.groups()
    if not wanted:
        ordinary = ordinary_groups(source)
        return sorted(
            g for g, row in groups.items() if g not in ordinary and row["reduction"]
        )
    if [w.strip().lower() for w in wanted] == ["none"]:
        return []
    by_name = {(row["name"] or "").strip().casefold(): g for g, row in groups.items()}
    chosen = []
    for text in wanted:
        text = text.strip()
        group = int(text) if text.isdigit() else by_name.get(text.casefold())
        if group not in groups:
            known = ", ".join(
                f"{g} “{row['name']}”" for g, row in sorted(groups.items())
            )
            raise ValueError(
                f"The old shop has no customer group “{text}”. Its groups: {known}."
            )
        chosen.append(group)
    return sorted(set(chosen))


def _website(value):
    value = (value or "").strip()
    if value and "://" not in value:
        value = "https://" + value
    try:
        URLValidator()(value)
    except ValidationError:
        return ""
    return value[:300]


def _account_values(row, address, discount):
    name = " ".join(x for x in (row["firstname"], row["lastname"]) if x)
    company = (row.get("company") or "").strip()
    if not company and address is not None:
        company = (address["company"] or "").strip()
    values = {
        "organisation": (company or name)[:200],
        "contact_name": name[:200],
        "website": _website(row.get("website")),
        "discount_percent": discount,
    }
    if address is not None:
        country = (address["country"] or "").upper()
        values |= {
            "line1": (address["address1"] or "")[:200],
            "line2": (address["address2"] or "")[:200],
            "city": (address["city"] or "")[:100],
            "region": (address["state"] or "")[:100],
            "postcode": (address["postcode"] or "")[:20],
            "phone": (address["phone"] or address["phone_mobile"] or "")[:40],
        }
        if country in COUNTRIES:
            values["country"] = country
    return values


def import_trade_accounts(ctx, addresses):
    """Give each customer of a trade group an approved trade account."""
    source, report = ctx.source, ctx.report
    groups = source.groups()
    trade_groups = set(ctx.trade_groups)
    linker = Linker(
        "trade_account",
        TradeAccount,
        report,
        name_field="organisation",
        label="trade account",
    )
    first_address = {}
    for row in addresses:
        if not row["deleted"]:
            first_address.setdefault(row["id_customer"], row)
    customers = dict(Customer.objects.values_list("user_id", "pk"))
    members = dict(Member.objects.values_list("customer_id", "account_id"))
    seen = set()
    for row in ctx.progress("trade accounts", ctx.customer_rows.values()):
        group = row["id_default_group"]
        if group not in trade_groups:
            continue
        old_id = row["id_customer"]
        user = ctx.users_by_old_id.get(old_id)
        if user is None or user.pk not in customers:
            report.skip(
                "trade account", old_id, "the customer has no shop account here"
            )
            continue
        seen.add(old_id)
        customer_id = customers[user.pk]
        discount = Decimal(groups[group]["reduction"] or 0).quantize(Decimal("0.01"))
        values = _account_values(row, first_address.get(old_id), discount)
        is_new = linker.get(old_id) is None and old_id not in linker.links
        if is_new and customer_id in members:
            report.skip(
                "trade account",
                old_id,
                "the customer already belongs to a trade account here",
                detail=user.email,
            )
            continue
        with transaction.atomic():
            account = linker.upsert(
                old_id,
                values,
                on_create={
                    "status": TradeAccount.Status.APPROVED,
                    "decided_at": ctx.started,
                    "about": f"Imported from the old shop's customer group "
                    f"“{groups[group]['name']}”.",
                },
                old_name=values["organisation"],
            )
            if account is not None and is_new:
                Member.objects.create(account=account, customer_id=customer_id)
                members[customer_id] = account.pk
        if old_id not in first_address:
            report.note(
                f"Trade account “{values['organisation']}” (customer {old_id}) "
                "had no address in the old shop: add one in admin before invoicing."
            )
    _notes(ctx, trade_groups, groups, seen, linker)


def _notes(ctx, trade_groups, groups, seen, linker):
    source, report = ctx.source, ctx.report
    for group in sorted(trade_groups):
        row = groups[group]
        report.note(
            f"Customers whose default group is “{row['name']}” have trade "
            f"accounts at {row['reduction']} % off (approved; no email sent)."
        )
        if row["price_display_method"] == 1:
            report.note(
                f"The group “{row['name']}” saw prices before tax in the old "
                "shop; here its discount comes off the shop's prices (tax "
                "included, as every shopper sees them)."
            )
        by_default = {
            r["id_customer"]
            for r in ctx.customer_rows.values()
            if r["id_default_group"] == group
        }
        real = {r["id_customer"] for r in ctx.customer_rows.values()}
        others = sorted((source.group_members(group) & real) - by_default)
        if others:
            report.note(
                f"Old customers {', '.join(map(str, others[:20]))} were also in "
                f"“{row['name']}” but priced by another default group, so they "
                "have no trade account; make one in admin if they should."
            )
    gone = sorted(set(linker.links) - seen)
    if gone:
        report.note(
            f"Old customers {', '.join(map(str, gone[:20]))} are no longer in a trade "
            "group in the old shop; their trade accounts here were left as they are."
        )

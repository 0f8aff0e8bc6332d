"""One import, start to finish, in one transaction (rolled back for a dry run)."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ..models import OldRoute
from .catalogue import import_categories, import_manufacturers, import_products
from .customers import import_addresses, import_customers
from .images import import_images
from .newsletter import import_newsletter
from .orders import import_orders
from .pages import import_pages
from .report import Progress, Report
from .special_prices import report_special_prices
from .suppliers import import_suppliers
from .trade_accounts import import_trade_accounts, resolve_trade_groups

ROUTES = (
    "product_rule",
    "category_rule",
    "manufacturer_rule",
    "supplier_rule",
    "cms_rule",
)


@dataclass
class Context:
    source: object
    cookie_key: str
    img_dir: Path | None = None
    features: dict = field(default_factory=dict)
    manufacturers_as: str = "publisher"
    # Old group ids whose customers get trade accounts (trade_accounts).
    # None: every group beyond the defaults that has a reduction.
    trade_groups: list | None = None
    dry_run: bool = False
    report: Report = None
    progress: Progress = None
    started: object = None
    # Filled as the import goes: what later steps look up by old id.
    categories: object = None
    manufacturers: object = None
    products: object = None
    users_by_old_id: dict = field(default_factory=dict)
    users_by_email: dict = field(default_factory=dict)
    customer_rows: dict = field(default_factory=dict)  # {email: real row}


def import_routes(ctx):
    """Keep the old shop's URL rules, so custom patterns still find their pages."""
    source = ctx.source
    wanted = {name: source.setting(f"PS_ROUTE_{name}") for name in ROUTES}
    wanted["physical_uri"] = source.physical_uri()
    for route_id, rule in wanted.items():
        if rule and rule != "/":
            OldRoute.objects.update_or_create(
                route_id=route_id, defaults={"rule": rule}
            )
        else:
            OldRoute.objects.filter(route_id=route_id).delete()
    custom = [r for r in ROUTES if wanted[r]]
    if custom:
        ctx.report.note(f"The old shop had its own URL rules for {', '.join(custom)}.")


def run_import(ctx: Context) -> Report:
    ctx.report = ctx.report or Report(dry_run=ctx.dry_run)
    ctx.progress = ctx.progress or Progress()
    ctx.started = timezone.now()
    if ctx.trade_groups is None:
        ctx.trade_groups = resolve_trade_groups(ctx.source, [])
    with transaction.atomic():
        import_routes(ctx)
        import_categories(ctx)
        import_manufacturers(ctx)
        import_suppliers(ctx)
        import_products(ctx)
        report_special_prices(ctx)
        import_images(ctx)
        import_pages(ctx)
        import_customers(ctx)
        addresses = ctx.source.addresses()
        import_addresses(ctx, addresses)
        import_trade_accounts(ctx, addresses)
        import_newsletter(ctx)
        import_orders(ctx, addresses)
        if ctx.dry_run:
            transaction.set_rollback(True)
    return ctx.report

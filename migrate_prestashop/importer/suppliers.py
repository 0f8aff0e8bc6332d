"""Suppliers' old pages (``/2__gardners``) land on the publisher of that name.

The shop has publishers but no suppliers (a bookshop's supplier is usually a
distributor, of no interest to readers). An old supplier page whose name is
also a publisher's (often the case for small presses that sell direct)
answers 301 with that publisher's page; the others are remembered with no
page, so staff can give each an address in admin, and are a 404 until then.
"""

from catalog.models import Publisher

from ..models import OldLink
from .catalogue import plain
from .links import Linker


def import_suppliers(ctx):
    linker = Linker("supplier", Publisher, ctx.report)
    publishers = {p.name.casefold(): p for p in Publisher.objects.all()}
    unmatched = []
    for row in ctx.progress("suppliers", ctx.source.suppliers()):
        old_id, name = row["id_supplier"], plain(row["name"], 200)
        publisher = publishers.get(name.casefold())
        link = linker.links.get(old_id)
        if link is None and publisher is not None:
            linker.remember(old_id, publisher, {}, name)
            ctx.report.count("supplier link", "created")
        elif link is None:
            OldLink.objects.create(
                kind=OldLink.Kind.SUPPLIER, old_id=old_id, old_name=name
            )
            ctx.report.count("supplier link", "created")
            unmatched.append(f"{old_id} “{name}”")
        elif link.object_id is None and not link.target_url and publisher:
            # A publisher of that name was added here since the last run.
            link.content_type = linker.content_type
            link.object_id = publisher.pk
            link.save(update_fields=["content_type", "object_id"])
            ctx.report.count("supplier link", "updated")
        else:
            ctx.report.count("supplier link", "unchanged")
            if link.object_id is None and not link.target_url:
                unmatched.append(f"{old_id} “{name}”")
    if unmatched:
        ctx.report.note(
            "Old supplier pages with no publisher of the same name (a 404 until "
            "you give each an address in admin, Old PrestaShop links): "
            + ", ".join(unmatched[:30])
            + (" …" if len(unmatched) > 30 else "")
        )

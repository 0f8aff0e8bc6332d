"""The old shop's CMS pages ("About us", "Delivery") become pages here.

Each keeps its old id, so ``/content/4-about-us`` answers 301 to its page,
and a rerun updates it without a copy (staff edits kept and reported). The
HTML is cleaned with the shop's sanitiser; pictures in it are not copied and
are listed in the report. When staff have pointed an old CMS link at another
address in admin, that choice stands and no page is made for it.
"""

from django.db import transaction

from ..html import page_html
from ..models import OldLink, Page
from .catalogue import plain, unique_slug
from .links import Linker


def import_pages(ctx):
    report = ctx.report
    linker = Linker("cms", Page, report, name_field="title", label="page")
    for row in ctx.progress("pages", ctx.source.cms_pages()):
        old_id = row["id_cms"]
        link = linker.links.get(old_id)
        if link is not None and link.object_id is None:
            if link.target_url:
                report.count("page", "kept staff's address")
                continue
            # Remembered by an import from before pages came over: make one now.
            link.delete()
            del linker.links[old_id]
        title = plain(row["meta_title"], 200) or f"Page {old_id}"
        content = page_html(row["content"])
        for src in content.dropped_images:
            report.skip(
                "page image",
                old_id,
                "not copied: add it to the page in admin if it matters",
                detail=src,
            )
        values = {
            "title": title,
            "content": content.html,
            "is_published": bool(row["active"]),
        }
        on_create = {
            "slug": unique_slug(Page, row["link_rewrite"] or title, fallback="page")
        }
        with transaction.atomic():
            linker.upsert(old_id, values, on_create=on_create, old_name=title)
    hidden = OldLink.objects.filter(kind=OldLink.Kind.CMS, object_id__isnull=True)
    if hidden.filter(target_url="").exists():
        report.note(
            "Some old CMS links lead nowhere yet: give each a new address in "
            "admin (Old PrestaShop links)."
        )

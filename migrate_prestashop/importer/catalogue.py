"""Categories, manufacturers and products from the old shop."""

from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from catalog.models import Category, Contributor, Credit, Product, Publisher
from shop.money import to_money

from ..html import shorten, to_shop_text
from ..source import as_datetime
from .features import isbn_from, product_facts
from .links import Linker

WEIGHT_TO_GRAMS = {
    "kg": 1000,
    "g": 1,
    "lb": Decimal("453.592"),
    "oz": Decimal("28.3495"),
}


def unique_slug(model, text, *, own_pk=None, fallback="item", max_length=None):
    room = (max_length or model._meta.get_field("slug").max_length) - 8
    base = slugify(text)[:room].strip("-") or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=own_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def plain(value, limit):
    return " ".join(to_shop_text(value).text.split())[:limit]


def technical_categories(source):
    return {
        int(source.setting("PS_ROOT_CATEGORY", 1)),
        int(source.setting("PS_HOME_CATEGORY", 2)),
    }


def import_categories(ctx):
    skip_ids = technical_categories(ctx.source)
    linker = Linker("category", Category, ctx.report)
    for row in ctx.progress("categories", ctx.source.categories()):
        old_id = row["id_category"]
        if old_id in skip_ids or row["level_depth"] <= 1:
            continue
        parent = None
        if row["id_parent"] not in skip_ids:
            parent = linker.get(row["id_parent"])
            if parent is None:
                ctx.report.skip("category", old_id, "its parent category was skipped")
                continue
        name = plain(row["name"], 100) or f"Category {old_id}"
        existing = linker.get(old_id)
        clash = Category.objects.filter(parent=parent, name=name)
        if existing:
            clash = clash.exclude(pk=existing.pk)
        if clash.exists():
            name = f"{name[:85]} (old {old_id})"
        values = {
            "name": name,
            "parent_id": parent.pk if parent else None,
            "position": row["position"] or 0,
            "description": to_shop_text(row["description"]).text,
        }
        if existing is None or not existing.slug:
            values["slug"] = unique_slug(
                Category, row["link_rewrite"] or name, fallback="category"
            )
        if not row["active"]:
            ctx.report.note(
                f"Category {old_id} “{name}” was hidden in the old shop; the shop "
                "shows every category, so check it."
            )
        with transaction.atomic():
            linker.upsert(old_id, values, old_name=row["name"] or "")
    ctx.categories = linker


def import_manufacturers(ctx):
    as_author = ctx.manufacturers_as == "author"
    model = Contributor if as_author else Publisher
    linker = Linker("manufacturer", model, ctx.report)
    for row in ctx.progress("manufacturers", ctx.source.manufacturers()):
        old_id = row["id_manufacturer"]
        name = plain(row["name"], 200)
        if not name:
            ctx.report.skip("manufacturer", old_id, "it has no name")
            continue
        existing = linker.get(old_id)
        values = {"name": name}
        text = to_shop_text(row["description"] or row["short_description"]).text
        values["bio" if as_author else "description"] = text
        if existing is None:
            # Staff may have made it already (by hand or from a CSV): adopt it.
            same = model.objects.filter(name__iexact=name).first()
            if same is not None and same.pk not in linker.objects:
                linker.remember(old_id, same, {}, name)
                existing = same
            else:
                # 1.6 keeps no slug for manufacturers; it computes one from the name.
                values["slug"] = unique_slug(model, name, fallback="publisher")
        with transaction.atomic():
            linker.upsert(old_id, values, old_name=name)
    ctx.manufacturers = linker


class _ProductExtras:
    """Categories and authors of every product, read once, for edit detection."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.categories = defaultdict(list)
        for product_id, category_id in Product.categories.through.objects.values_list(
            "product_id", "category_id"
        ):
            self.categories[product_id].append(category_id)
        self.authors = defaultdict(list)
        credits = Credit.objects.filter(role=Credit.Role.AUTHOR).order_by("position")
        for product_id, name in credits.values_list("product_id", "contributor__name"):
            self.authors[product_id].append(name)
        self.contributors = {c.name.casefold(): c for c in Contributor.objects.all()}

    def read_categories(self, product):
        return sorted(self.categories[product.pk])

    def write_categories(self, product, ids):
        product.categories.set(ids)
        self.categories[product.pk] = list(ids)

    def read_authors(self, product):
        return list(self.authors[product.pk])

    def write_authors(self, product, names):
        contributors = []
        for name in names:
            contributor = self.contributors.get(name.casefold())
            if contributor is None:
                contributor = Contributor.objects.create(
                    name=name[:200],
                    slug=unique_slug(Contributor, name, fallback="contributor"),
                )
                self.contributors[name.casefold()] = contributor
            if contributor not in contributors:
                contributors.append(contributor)
        product.credits.filter(role=Credit.Role.AUTHOR).delete()
        Credit.objects.bulk_create(
            Credit(product=product, contributor=c, role=Credit.Role.AUTHOR, position=i)
            for i, c in enumerate(contributors)
        )
        self.authors[product.pk] = [c.name for c in contributors]


def _price_rule(ctx):
    """Return a function giving a product's price as the old shop showed it."""
    source = ctx.source
    country = int(source.setting("PS_COUNTRY_DEFAULT", 0) or 0)
    rates = source.tax_rates(country)
    visitors = source.groups().get(int(source.setting("PS_UNIDENTIFIED_GROUP", 1)))
    with_tax = not (visitors and visitors["price_display_method"] == 1)
    if not with_tax:
        ctx.report.note("The old shop showed prices before tax; imported so.")
    discount = Decimal(visitors["reduction"] if visitors else 0)

    def price(row):
        amount = Decimal(row["price"])
        if with_tax:
            rate = Decimal(rates.get(row["id_tax_rules_group"], 0))
            amount *= 1 + rate / 100
        if discount:
            amount *= 1 - discount / 100
        return to_money(amount)

    return price


def import_products(ctx):
    source, report = ctx.source, ctx.report
    extras = _ProductExtras(ctx)
    linker = Linker(
        "product",
        Product,
        report,
        name_field="title",
        extras={
            "categories": (extras.read_categories, extras.write_categories),
            "authors": (extras.read_authors, extras.write_authors),
        },
    )
    price_of = _price_rule(ctx)
    unit = (source.setting("PS_WEIGHT_UNIT", "kg") or "kg").lower()
    grams_per_unit = WEIGHT_TO_GRAMS.get(unit, 1000)
    backorders_default = source.setting("PS_ORDER_OUT_OF_STOCK", "0") == "1"
    stock = source.stock()
    skip_categories = technical_categories(source)
    categories = defaultdict(list)
    for row in source.category_products():
        if row["id_category"] not in skip_categories:
            categories[row["id_product"]].append(row["id_category"])
    features = defaultdict(list)
    for row in source.features():
        features[row["id_product"]].append((row["feature"], row["value"]))
    redirects, zero_dates, not_isbn = {}, [], []
    for row in ctx.progress("products", source.products()):
        old_id = row["id_product"]
        title = plain(row["name"], 200)
        if not title:
            report.skip("product", old_id, "it has no name in the chosen language")
            continue
        facts, problems = product_facts(features[old_id], ctx.features)
        for problem in problems:
            report.note(f"Product {old_id} “{title}”: feature {problem}.")
        short = to_shop_text(row["description_short"])
        long = to_shop_text(row["description"])
        for src in short.dropped_images + long.dropped_images:
            report.skip(
                "description image",
                old_id,
                "dropped: descriptions here are text, add it as a product picture",
                detail=src,
            )
        isbn = isbn_from(row["ean13"], facts.get("isbn"), row["reference"])
        if row["ean13"] and row["ean13"].strip("0") and not isbn:
            not_isbn.append(old_id)
        manufacturer = ctx.manufacturers.get(row["id_manufacturer"])
        new_categories = sorted(
            c.pk for c in map(ctx.categories.get, categories[old_id]) if c
        )
        values = {
            "title": title,
            "slug": slugify(row["link_rewrite"] or title)[:200] or "product",
            "short_description": shorten(short.text, 300),
            "description": long.text,
            "price": price_of(row),
            "weight_grams": int(Decimal(row["weight"] or 0) * grams_per_unit),
            "isbn": isbn,
            "is_published": bool(row["active"]) and row["visibility"] != "none",
            "categories": new_categories,
        }
        for field in ("page_count", "year", "format"):
            if field in facts:
                values[field] = facts[field]
        authors = facts.get("authors", [])
        if ctx.manufacturers_as == "author" and manufacturer is not None:
            authors = [manufacturer.name, *authors]
        elif manufacturer is not None:
            values["publisher_id"] = manufacturer.pk
        if authors:
            values["authors"] = authors
        added = as_datetime(row["date_add"])
        if added:
            values["date_added"] = added
        elif linker.get(old_id) is None:
            zero_dates.append(old_id)
        level = stock.get(old_id, {"quantity": 0, "out_of_stock": 2})
        out = level["out_of_stock"]
        always = {
            "stock": max(0, level["quantity"]),
            "allow_backorder": out == 1 or (out == 2 and backorders_default),
        }
        try:
            with transaction.atomic():
                linker.upsert(
                    old_id,
                    values,
                    always=always,
                    old_name=title,
                    reference=row["reference"] or "",
                )
        except IntegrityError as error:
            report.skip("product", old_id, f"the database refused it ({error})")
            continue
        if row["redirect_type"] in ("301", "302") and row["id_product_redirected"]:
            redirects[old_id] = row["id_product_redirected"]
    if zero_dates:
        report.note(
            f"{len(zero_dates)} products had no date added (0000-00-00); they "
            f"count as added now: old ids {', '.join(map(str, zero_dates[:20]))}."
        )
    if not_isbn:
        report.note(
            f"{len(not_isbn)} products have an EAN-13 that is not an ISBN "
            f"(kept no ISBN): old ids {', '.join(map(str, not_isbn[:20]))}."
        )
    for old_id, target_id in redirects.items():
        target = linker.get(target_id)
        link = linker.links.get(old_id)
        if target is not None and link is not None:
            link.target_url = target.get_absolute_url()
            link.save(update_fields=["target_url"])
    ctx.products = linker

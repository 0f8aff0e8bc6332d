"""Django admin for staff keeping the catalogue."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import ngettext

from shop.cache import catalogue_changed

from . import isbn as isbn_rules
from . import search, search_results
from .forms import ProductAdminForm, ProductImageForm
from .models import (
    LOW_STOCK,
    Category,
    Contributor,
    Credit,
    Product,
    ProductImage,
    Publisher,
)

# A search in the product list shows at most this many products (20 pages).
ADMIN_SEARCH_LIMIT = 1000
# The product list counts at most this many: a filter on a column without an
# index (format, stock) would otherwise read all 100,000 rows for the count.
ADMIN_COUNT_LIMIT = 1000


class CappedCountPaginator(Paginator):
    """Count at most ``ADMIN_COUNT_LIMIT`` rows; ``capped`` says if there are more."""

    @cached_property
    def count(self):
        counted = self.object_list[: ADMIN_COUNT_LIMIT + 1].count()
        self.capped = counted > ADMIN_COUNT_LIMIT
        return min(counted, ADMIN_COUNT_LIMIT)


def category_paths():
    """Return ``{pk: "Books › History"}`` for every category, from one query."""
    by_pk = {c.pk: c for c in Category.objects.only("pk", "name", "parent_id")}
    paths = {}
    for category in by_pk.values():
        names, node, seen = [], category, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = by_pk.get(node.parent_id)
        paths[category.pk] = " › ".join(reversed(names))
    return paths


class CategoryListFilter(admin.RelatedFieldListFilter):
    """Filter by category, labelled with full paths without a query per category."""

    def field_choices(self, field, request, model_admin):
        paths = category_paths()
        return sorted(paths.items(), key=lambda item: item[1].lower())


class StockFilter(admin.SimpleListFilter):
    title = "stock"
    parameter_name = "stock_level"

    def lookups(self, request, model_admin):
        return [
            ("in", "In stock"),
            ("low", f"Low ({LOW_STOCK} or fewer)"),
            ("out", "Out of stock"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "in":
                return queryset.filter(stock__gt=0)
            case "low":
                return queryset.filter(stock__gt=0, stock__lte=LOW_STOCK)
            case "out":
                return queryset.filter(stock=0)
        return queryset


class CreditInline(admin.TabularInline):
    model = Credit
    fields = ["contributor", "role", "position"]
    autocomplete_fields = ["contributor"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contributor")


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
    fields = ["image", "alt_text", "position"]
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductAdminForm
    list_display = ["thumbnail", "title", "byline", "price", "stock", "is_published"]
    list_display_links = ["title"]
    list_editable = ["price", "stock"]
    list_filter = [
        "publisher",
        ("categories", CategoryListFilter),
        "format",
        "is_published",
        "is_featured",
        StockFilter,
    ]
    list_per_page = 50
    # "N results (M total)" would count the whole table again on every
    # filtered or searched page: slow at 100,000 products.
    show_full_result_count = False
    paginator = CappedCountPaginator
    search_fields = [
        "title",
        "subtitle",
        "credits__contributor__name",
        "publisher__name",
        "isbn",
    ]
    search_help_text = "Title, contributor, publisher or ISBN (hyphens or not)."
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publisher", "categories"]
    readonly_fields = ["cover_preview", "updated_at"]
    inlines = [CreditInline, ProductImageInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "subtitle",
                    "slug",
                    "format",
                    "page_count",
                    "publisher",
                    "year",
                    "isbn",
                ]
            },
        ),
        (
            "Selling",
            {
                "fields": [
                    "price",
                    "trade_price",
                    "trade_discount_excluded",
                    "solidarity_price",
                    "reduced_price",
                    "reduced_paused",
                    "pwyc_floor",
                    "pwyc_suggested",
                    "pwyc_ceiling",
                    "stock",
                    "allow_backorder",
                    "weight_grams",
                    "is_published",
                    "is_featured",
                    "date_added",
                    "updated_at",
                ]
            },
        ),
        ("Descriptions", {"fields": ["short_description", "description"]}),
        ("Cover", {"fields": ["cover", "cover_preview", "cover_alt"]}),
        ("Categories", {"fields": ["categories"]}),
    ]

    def get_queryset(self, request):
        # Bylines need the credits and their contributors: prefetched, so the
        # changelist runs the same queries for 5 products or 5,000.
        return (
            super()
            .get_queryset(request)
            .select_related("publisher")
            .prefetch_related(
                Prefetch(
                    "credits", queryset=Credit.objects.select_related("contributor")
                )
            )
        )

    def get_search_results(self, request, queryset, search_term):
        # The search index, not a LIKE over five columns and two joins for
        # every product: every word in the title, subtitle, contributors or
        # publisher, drafts included, the newest ADMIN_SEARCH_LIMIT of them.
        terms = search.terms_of(search_term)[: search_results.SEARCH_MAX_TERMS]
        if not terms:
            return queryset, False
        found = search.candidates(
            terms,
            search.Limits(ranked=ADMIN_SEARCH_LIMIT, matched=0, unpublished=True),
        )
        matched = Q(pk__in=search.id_set(found.ids))
        term = isbn_rules.compact(search_term)
        # ISBNs are stored as ISBN-13 without hyphens; staff type them any way,
        # including the old ten-digit form.
        if len(term) >= 4 and term.rstrip("X").isdigit():
            try:
                matched |= Q(isbn=isbn_rules.to_isbn13(term))
            except ValidationError:
                matched |= Q(isbn__contains=term)
        return queryset.filter(matched), False

    @admin.display(description="cover")
    def thumbnail(self, product):
        if not product.cover_thumbnail:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="40" loading="lazy">',
            product.cover_thumbnail.url,
        )

    @admin.display(description="byline")
    def byline(self, product):
        return product.byline

    @admin.display(description="thumbnail")
    def cover_preview(self, product):
        if not product.cover_thumbnail:
            return "No cover yet."
        return format_html(
            '<img src="{}" alt="Thumbnail of the current cover" width="150">',
            product.cover_thumbnail.url,
        )

    @admin.action(description="Publish the selected products", permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description="Unpublish the selected products", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published):
        changed = queryset.exclude(is_published=published).update(
            is_published=published, updated_at=timezone.now()
        )
        catalogue_changed()
        unchanged = queryset.count() - changed
        verb = "published" if published else "unpublished"
        message = ngettext(
            "%(count)d product %(verb)s.", "%(count)d products %(verb)s.", changed
        ) % {"count": changed, "verb": verb}
        if unchanged:
            message += " " + ngettext(
                "%(count)d was %(verb)s already.",
                "%(count)d were %(verb)s already.",
                unchanged,
            ) % {"count": unchanged, "verb": verb}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "website"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "byline_article", "is_organisation"]
    list_filter = ["is_organisation"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["path", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        # Labels are paths (“Books › History”): fetch two levels of parents
        # with the row rather than a query per row.
        return super().get_queryset(request).select_related("parent__parent")

    @admin.display(description="category", ordering="name")
    def path(self, category):
        return str(category)

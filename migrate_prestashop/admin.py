"""Admin: the old links and their new pages, the history brought over, pages."""

from django.contrib import admin
from django.utils.html import format_html

from .models import (
    NewsletterSubscriber,
    OldLink,
    OldRoute,
    Page,
    PastCustomer,
    PastOrder,
    PastOrderLine,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History from the old shop: shown, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OldLink)
class OldLinkAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "old_id",
        "old_name",
        "reference",
        "new_page",
        "imported_at",
    ]
    list_filter = ["kind"]
    search_fields = ["old_name", "reference", "=old_id"]
    fields = ["kind", "old_id", "old_name", "reference", "new_page", "target_url"]
    readonly_fields = ["kind", "old_id", "old_name", "reference", "new_page"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    @admin.display(description="new page")
    def new_page(self, link):
        try:
            url = link.new_url()
        except ValueError:
            url = ""
        if not url:
            return "—"
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(OldRoute)
class OldRouteAdmin(ReadOnlyAdmin):
    list_display = ["route_id", "rule"]


@admin.register(PastCustomer)
class PastCustomerAdmin(ReadOnlyAdmin):
    list_display = ["user", "newsletter", "group", "is_wholesale"]
    list_filter = ["newsletter", "is_wholesale", "group"]
    search_fields = ["user__email"]


class PastOrderLineInline(admin.TabularInline):
    model = PastOrderLine
    extra = 0
    can_delete = False
    fields = ["title", "reference", "quantity", "unit_price", "line_total"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PastOrder)
class PastOrderAdmin(ReadOnlyAdmin):
    list_display = ["reference", "email", "placed_at", "status", "old_status", "total"]
    list_filter = ["status", "needs_review"]
    search_fields = ["reference", "email"]
    date_hierarchy = "placed_at"
    inlines = [PastOrderLineInline]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "slug",
        "is_published",
        "show_in_footer",
        "footer_order",
        "updated_at",
    ]
    list_editable = ["show_in_footer", "footer_order"]
    list_filter = ["is_published", "show_in_footer"]
    search_fields = ["title", "content"]
    prepopulated_fields = {"slug": ["title"]}

    view_on_site = True


@admin.register(NewsletterSubscriber)
class NewsletterSubscriberAdmin(admin.ModelAdmin):
    """Consent records: searchable, deletable on request, not made up here."""

    list_display = ["email", "subscribed_at", "source"]
    search_fields = ["email"]
    date_hierarchy = "subscribed_at"
    readonly_fields = ["email", "subscribed_at", "source", "created_at"]

    def has_add_permission(self, request):
        return False

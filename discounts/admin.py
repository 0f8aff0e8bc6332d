from django.contrib import admin

from .models import Discount, Redemption


class RedemptionInline(admin.TabularInline):
    model = Redemption
    extra = 0
    can_delete = False
    fields = ["order_number", "email", "amount", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Discount)
class DiscountAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "kind",
        "value",
        "minimum_spend",
        "starts_at",
        "ends_at",
        "uses",
        "max_uses",
        "is_active",
    ]
    list_filter = ["kind", "is_active", "applies_to_trade"]
    search_fields = ["code", "description"]
    readonly_fields = ["uses", "created_at"]
    autocomplete_fields = ["products", "categories", "publishers"]
    fieldsets = [
        (None, {"fields": ["code", "description", "kind", "value", "is_active"]}),
        (
            "When and how often",
            {
                "fields": [
                    "minimum_spend",
                    "starts_at",
                    "ends_at",
                    "max_uses",
                    "uses",
                    "max_uses_per_customer",
                ]
            },
        ),
        (
            "What it applies to (nothing chosen: everything)",
            {"fields": ["products", "categories", "publishers", "applies_to_trade"]},
        ),
    ]
    inlines = [RedemptionInline]

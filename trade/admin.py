"""Trade in admin: accounts (approve, decline, hold), invoices with payments,
consignments; CSV exports for the bookkeeper."""

from django.contrib import admin, messages

from . import services
from .models import Member, TradeAccount


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    raw_id_fields = ["customer"]
    verbose_name = "member who orders for the account"


@admin.register(TradeAccount)
class TradeAccountAdmin(admin.ModelAdmin):
    list_display = ["organisation", "status", "sells_through", "city", "on_hold"]
    list_filter = ["status", "sells_through", "on_hold"]
    search_fields = ["organisation", "contact_name", "members__customer__user__email"]
    inlines = [MemberInline]
    actions = ["approve", "decline"]
    readonly_fields = ["status", "decided_at", "created_at"]
    fieldsets = [
        (
            None,
            {"fields": ["organisation", "contact_name", "phone", "website"]},
        ),
        (
            "Address",
            {"fields": ["line1", "line2", "city", "region", "postcode", "country"]},
        ),
        ("Application", {"fields": ["sells_through", "about", "created_at"]}),
        ("Decision", {"fields": ["status", "decided_at", "decline_reason"]}),
        (
            "Terms",
            {
                "fields": [
                    "discount_percent",
                    "payment_days",
                    "credit_limit",
                    "on_hold",
                    "hold_reason",
                ]
            },
        ),
    ]

    def _decide(self, request, queryset, *, approve):
        done = [a for a in queryset if services.decide(account=a, approve=approve)]
        verb = "approved" if approve else "declined"
        if done:
            names = ", ".join(a.organisation for a in done)
            self.message_user(request, f"{verb.capitalize()} and emailed: {names}.")
        skipped = queryset.count() - len(done)
        if skipped:
            self.message_user(
                request,
                f"{skipped} account(s) left alone: only accounts waiting for a "
                "decision can be approved or declined.",
                messages.WARNING,
            )

    @admin.action(description="Approve and email the applicants")
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(
        description="Decline and email the applicants (with the decline reason)"
    )
    def decline(self, request, queryset):
        self._decide(request, queryset, approve=False)

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from outbox.admin import EmailInline
from shop.money import format_money

from . import payments, selectors, services
from .forms import ShipForm
from .models import Order, OrderLine, StatusChange, StripeEvent, Terms


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "title",
        "byline",
        "unit_price",
        "quantity",
        "line_total",
        "discount",
        "stock_taken",
    ]
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    verbose_name_plural = "status history"
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    change_list_template = "admin/checkout/order/change_list.html"

    def changelist_view(self, request, extra_context=None):
        # Staff see the solidarity fund beside the orders that fill it, and
        # pause products' lower prices (in the product) when it runs out.
        extra = {"solidarity_fund": selectors.solidarity_fund()}
        return super().changelist_view(request, extra | (extra_context or {}))

    list_display = [
        "number",
        "created_at",
        "name",
        "email",
        "total_display",
        "status",
        "payment_method",
        "needs_attention",
    ]
    list_filter = [
        "status",
        "payment_method",
        "deliver_to",
        "created_at",
        "needs_attention",
    ]
    search_fields = ["number", "email", "name"]
    date_hierarchy = "created_at"
    inlines = [OrderLineInline, StatusChangeInline, EmailInline]
    actions = ["mark_paid", "mark_shipped", "cancel_orders", "refund_orders"]
    readonly_fields = [
        "number",
        "packing_slip_link",
        "status",
        "payment_method",
        "created_at",
        "paid_at",
        "shipped_at",
        "subtotal",
        "shipping_method_name",
        "is_collection",
        "shipping_price",
        "discount_code",
        "discount_words",
        "discount",
        "donation",
        "deliver_to",
        "total",
        "country",
        "stripe_session_id",
        "stripe_payment_intent",
        "stripe_refund_id",
        "refunded_amount",
        "tracking_reference",
        "stock_released",
        "reminder_sent_at",
        "user",
        "priced_for",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "number",
                    "packing_slip_link",
                    "status",
                    "needs_attention",
                    "payment_method",
                    "created_at",
                    "paid_at",
                    "shipped_at",
                    "tracking_reference",
                ]
            },
        ),
        (
            "Customer",
            {
                "fields": [
                    "user",
                    "priced_for",
                    "deliver_to",
                    "email",
                    "name",
                    "line1",
                    "line2",
                    "city",
                    "region",
                    "postcode",
                    "country",
                    "note",
                ]
            },
        ),
        (
            "Money",
            {
                "fields": [
                    "subtotal",
                    "shipping_method_name",
                    "is_collection",
                    "shipping_price",
                    "discount_code",
                    "discount_words",
                    "discount",
                    "donation",
                    "total",
                    "stripe_session_id",
                    "stripe_payment_intent",
                    "stripe_refund_id",
                    "refunded_amount",
                    "stock_released",
                    "reminder_sent_at",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="total", ordering="total")
    def total_display(self, order):
        return format_money(order.total)

    @admin.display(description="packing slip")
    def packing_slip_link(self, order):
        url = reverse("admin:checkout_order_packing_slip", args=[order.pk])
        return format_html('<a href="{}">Print the packing slip</a>', url)

    def get_urls(self):
        return [
            path(
                "<int:pk>/packing-slip/",
                self.admin_site.admin_view(self.packing_slip),
                name="checkout_order_packing_slip",
            ),
        ] + super().get_urls()

    def packing_slip(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        order = get_object_or_404(selectors.orders_with_lines(), pk=pk)
        return render(request, "checkout/packing_slip.html", {"order": order})

    def _apply(self, request, queryset, change, verb, rule):
        """Run ``change(order)`` on each order; say what changed, and which
        orders did not and why (``rule``). ``change`` returns whether it acted,
        or None when it has already told staff what went wrong."""
        done, skipped = 0, []
        for order in queryset:
            changed = change(order)
            if changed:
                done += 1
            elif changed is not None:
                skipped.append(order)
        if done:
            self.message_user(request, f"{done} order(s) {verb}.", messages.SUCCESS)
        if skipped:
            listed = ", ".join(
                f"{order.number} ({order.get_status_display()})" for order in skipped
            )
            self.message_user(
                request,
                f"{len(skipped)} order(s) left as they were: {listed}. {rule}",
                messages.WARNING,
            )

    @admin.action(description="Mark paid (offline payment received)")
    def mark_paid(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda order: services.mark_paid(order=order, by=request.user),
            "marked paid",
            "Only orders awaiting payment can be marked paid.",
        )

    @admin.action(description="Mark shipped…")
    def mark_shipped(self, request, queryset):
        form = ShipForm(request.POST if "ship" in request.POST else None)
        if "ship" in request.POST and form.is_valid():
            tracking = form.cleaned_data["tracking_reference"]
            self._apply(
                request,
                queryset,
                lambda order: services.mark_shipped(
                    order=order, by=request.user, tracking_reference=tracking
                ),
                "marked shipped",
                "Only paid orders can be shipped: mark an offline payment paid first.",
            )
            return None
        return TemplateResponse(
            request,
            "checkout/admin_mark_shipped.html",
            {
                **self.admin_site.each_context(request),
                "title": "Mark orders shipped",
                "orders": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description="Cancel unpaid orders (returns their stock)")
    def cancel_orders(self, request, queryset):
        # The shop holds a paid order's money: only a refund gives back both
        # the money and the stock, so cancelling never does it half.
        self._apply(
            request,
            queryset,
            lambda order: services.cancel(
                order=order, by=request.user, note="Cancelled by the shop."
            ),
            "cancelled",
            "Only orders awaiting payment can be cancelled. To call off a paid "
            "order, use “Refund”: it returns the money (card: through Stripe) and, "
            "unless shipped, the stock.",
        )

    @admin.action(description="Refund (card: through Stripe; returns unshipped stock)")
    def refund_orders(self, request, queryset):
        def refund(order):
            try:
                return services.refund(order=order, by=request.user)
            except payments.PaymentError as error:
                self.message_user(
                    request,
                    f"Stripe did not refund {order.number}: {error} "
                    "Nothing changed; try again or refund in Stripe's dashboard.",
                    messages.ERROR,
                )
                return None

        self._apply(
            request,
            queryset,
            refund,
            "refunded",
            "Only paid or shipped orders (or card orders flagged as needing "
            "attention after a payment) can be refunded, and only once.",
        )


@admin.register(Terms)
class TermsAdmin(admin.ModelAdmin):
    list_display = ["title", "updated_at"]


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "type", "received_at", "order"]
    list_filter = ["type"]
    search_fields = ["event_id", "order__number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

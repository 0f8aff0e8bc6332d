"""Customers for staff: orders, addresses, alerts; links sent, passwords never shown.

Customers are edited here only. Django's user admin, which can show a
password hash and set a password, lists staff users alone.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from checkout.models import Order
from outbox.admin import EmailInline

from . import emails, selectors
from .forms import ShopPasswordResetForm
from .models import Address, Customer, StockAlert, WaitingFor

User = get_user_model()


class AddressInline(admin.StackedInline):
    model = Address
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["email", "verified_at", "created_at", "order_count"]
    list_filter = ["verified_at"]
    search_fields = ["user__email", "addresses__name", "addresses__postcode"]
    list_select_related = ["user"]
    readonly_fields = ["email", "verified_at", "pending_email", "created_at", "orders"]
    fields = readonly_fields
    inlines = [AddressInline, EmailInline]
    actions = ["resend_verification", "send_password_reset"]

    def has_add_permission(self, request):
        return False  # customers open their own accounts

    def has_delete_permission(self, request, obj=None):
        # A customer closes their own account (My account → Your data), which
        # anonymises their orders; deleting this row alone would not.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(order_total=Count("user__orders"))

    @admin.display(description="orders", ordering="order_total")
    def order_count(self, customer):
        return customer.order_total

    @admin.display(description="orders")
    def orders(self, customer):
        orders = Order.objects.filter(user=customer.user_id).order_by("-created_at")
        if not orders:
            return "None yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> · {} · {}</li>',
                (
                    (
                        reverse("admin:checkout_order_change", args=[o.pk]),
                        o.number,
                        o.created_at.date(),
                        o.get_status_display(),
                    )
                    for o in orders
                ),
            ),
        )

    @admin.action(description="Send a new email confirmation link")
    def resend_verification(self, request, queryset):
        unverified = queryset.filter(verified_at__isnull=True).select_related("user")
        for customer in unverified:
            emails.verify_account(customer.user)
        self.message_user(
            request,
            f"Sent {len(unverified)} confirmation link(s); customers already "
            "confirmed were skipped.",
            messages.SUCCESS,
        )

    @admin.action(description="Send a password reset link")
    def send_password_reset(self, request, queryset):
        sent = 0
        for customer in queryset.select_related("user"):
            form = ShopPasswordResetForm({"email": customer.user.email})
            if form.is_valid():
                form.save(request=request)
                sent += 1
        self.message_user(
            request, f"Sent {sent} password reset link(s).", messages.SUCCESS
        )


@admin.register(StockAlert)
class StockAlertAdmin(admin.ModelAdmin):
    list_display = ["product", "email", "status", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["email", "product__title"]
    list_select_related = ["product"]
    readonly_fields = ["product", "email", "customer", "status", "created_at"]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False


@admin.register(WaitingFor)
class WaitingForAdmin(admin.ModelAdmin):
    list_display = ["title", "waiting", "stock", "is_published"]
    list_display_links = None

    def get_queryset(self, request):
        return selectors.demand()

    @admin.display(description="people waiting", ordering="waiting")
    def waiting(self, product):
        return product.waiting

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("accounts.view_stockalert")


class StaffUserAdmin(UserAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).filter(customer__isnull=True)


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)

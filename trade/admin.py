"""Trade in admin: accounts (approve, decline, hold, balance and overdue),
invoices and payments (recorded through ``invoicing``, never above the
balance), consignments (sent and settled through ``consignments``), and CSV
exports of invoices and payments for the bookkeeper."""

from django.contrib import admin, messages
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from checkout.admin import ReadOnlyInline
from shop.money import ZERO, format_money

from . import exports, invoicing, services
from .forms import PaymentForm, TradeAccountAdminForm
from .models import (
    CreditNote,
    Invoice,
    InvoiceLine,
    Member,
    Payment,
    TradeAccount,
)

MONEY = DecimalField(max_digits=12, decimal_places=2)
OWED = F("total") - F("amount_paid") - F("amount_credited")
UNPAID = F("total") - F("amount_credited")


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    raw_id_fields = ["customer"]
    verbose_name = "member who orders for the account"


@admin.register(TradeAccount)
class TradeAccountAdmin(admin.ModelAdmin):
    form = TradeAccountAdminForm
    list_display = [
        "organisation",
        "status",
        "sells_through",
        "balance_display",
        "overdue_display",
        "credit_limit",
        "on_hold",
    ]
    list_filter = ["status", "sells_through", "on_hold"]
    search_fields = ["organisation", "contact_name", "members__customer__user__email"]
    inlines = [MemberInline]
    actions = ["approve", "decline"]
    readonly_fields = ["status", "decided_at", "created_at"]
    fieldsets = [
        (None, {"fields": ["organisation", "contact_name", "phone", "website"]}),
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

    def get_queryset(self, request):
        # Balance and overdue for every row in the one changelist query, as
        # subqueries: a join would count an invoice once per matching member.
        def owed(**only):
            return Subquery(
                Invoice.objects.filter(account=OuterRef("pk"), **only)
                .values("account")
                .annotate(owed=Sum(OWED, output_field=MONEY))
                .values("owed")
            )

        balance = owed()
        overdue = owed(due_on__lt=timezone.localdate(), amount_paid__lt=UNPAID)
        return (
            super()
            .get_queryset(request)
            .annotate(
                balance=Coalesce(balance, Value(ZERO), output_field=MONEY),
                overdue=Coalesce(overdue, Value(ZERO), output_field=MONEY),
            )
        )

    @admin.display(description="balance", ordering="balance")
    def balance_display(self, account):
        return format_money(account.balance)

    @admin.display(description="overdue", ordering="overdue")
    def overdue_display(self, account):
        return format_money(account.overdue)

    def _decide(self, request, queryset, *, approve):
        done = [a for a in queryset if services.decide(account=a, approve=approve)]
        verb = "approved" if approve else "declined"
        if done:
            names = ", ".join(a.organisation for a in done)
            self.message_user(request, f"{verb.capitalize()} and emailed: {names}.")
        skipped = len(queryset) - len(done)
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


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ["title", "isbn", "quantity", "cover_price", "unit_price", "line_total"]
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["received_on", "amount", "method", "reference", "recorded_by"]
    readonly_fields = fields


class CreditNoteInline(ReadOnlyInline):
    model = CreditNote
    fields = ["label_link", "issued_on", "reason", "total", "restocked"]
    readonly_fields = fields

    @admin.display(description="credit note")
    def label_link(self, note):
        link = reverse("admin:trade_creditnote_change", args=[note.pk])
        return format_html('<a href="{}">{}</a>', link, note.label)


class OverdueFilter(admin.SimpleListFilter):
    title = "payment"
    parameter_name = "owing"

    def lookups(self, request, model_admin):
        return [("unpaid", "unpaid"), ("overdue", "overdue"), ("paid", "paid")]

    def queryset(self, request, queryset):
        if self.value() == "unpaid":
            return queryset.unpaid()
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "paid":
            return queryset.paid()
        return queryset


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "account",
        "issued_on",
        "due_on",
        "total",
        "amount_paid",
        "amount_credited",
        "balance_display",
        "overdue_flag",
    ]
    list_filter = [OverdueFilter, "issued_on"]
    search_fields = ["number", "buyer_name", "order__number"]
    list_select_related = ["account"]
    date_hierarchy = "issued_on"
    inlines = [InvoiceLineInline, PaymentInline, CreditNoteInline]
    actions = ["export_csv"]
    readonly_fields = [
        "label",
        "account",
        "order",
        "consignment",
        "issued_on",
        "due_on",
        "buyer_name",
        "buyer_contact",
        "buyer_address",
        "subtotal",
        "postage",
        "total",
        "amount_paid",
        "amount_credited",
        "balance_display",
        "documents",
        "reminder_sent_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False  # invoices come from orders and consignments

    def has_delete_permission(self, request, obj=None):
        return False  # numbers never skip

    @admin.display(description="balance")
    def balance_display(self, invoice):
        return format_money(invoice.balance)

    @admin.display(description="overdue", boolean=True)
    def overdue_flag(self, invoice):
        return invoice.overdue

    @admin.display(description="documents")
    def documents(self, invoice):
        record = reverse("admin:trade_payment_add") + f"?invoice={invoice.pk}"
        return format_html(
            '<a href="{}">Invoice page</a> · <a href="{}">PDF</a> · '
            '<a href="{}">Record a payment</a> · <a href="{}">Issue a credit note</a>',
            invoice.get_absolute_url(),
            reverse("trade:invoice_pdf", args=[invoice.number]),
            record,
            reverse("admin:trade_creditnote_issue", args=[invoice.pk]),
        )

    @admin.action(description="Export selected invoices as CSV")
    def export_csv(self, request, queryset):
        return exports.invoices_csv(queryset)


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    form = PaymentForm
    list_display = ["invoice", "received_on", "amount", "method", "reference"]
    list_filter = ["method", "received_on"]
    search_fields = ["invoice__number", "reference", "invoice__buyer_name"]
    list_select_related = ["invoice"]
    raw_id_fields = ["invoice"]
    actions = ["export_csv"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # a mistake is corrected by the bookkeeper, not erased

    def save_model(self, request, obj, form, change):
        try:
            payment = invoicing.record_payment(
                invoice=obj.invoice,
                amount=obj.amount,
                method=obj.method,
                reference=obj.reference,
                received_on=obj.received_on,
                by=request.user,
            )
        except invoicing.PaymentError as error:
            # Another payment landed since the form was checked.
            self._refused = str(error)
            return
        obj.pk = payment.pk

    def response_add(self, request, obj, post_url_continue=None):
        refused = getattr(self, "_refused", None)
        if refused:
            del self._refused
            self.message_user(request, refused, messages.ERROR)
            return redirect(request.get_full_path())
        obj.invoice.refresh_from_db()
        self.message_user(
            request,
            f"Recorded {format_money(obj.amount)} against {obj.invoice.label}; "
            f"{format_money(obj.invoice.balance)} still owed.",
        )
        return redirect("admin:trade_invoice_change", obj.invoice.pk)

    @admin.action(description="Export selected payments as CSV")
    def export_csv(self, request, queryset):
        return exports.payments_csv(queryset)


# Consignments and credit notes are in their own modules; importing registers them.
from . import consignment_admin, credit_note_admin  # noqa: E402, F401

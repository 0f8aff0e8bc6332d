"""Credit notes in admin: listed and read here, issued from an invoice's
"Issue a credit note" link through ``credit_notes.issue``."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from checkout.admin import ReadOnlyInline
from shop.money import format_money

from . import credit_notes, exports
from .credit_note_forms import CreditNoteForm
from .models import CreditNote, CreditNoteLine, Invoice


class CreditNoteLineInline(ReadOnlyInline):
    model = CreditNoteLine
    fields = ["title", "isbn", "quantity", "unit_price", "line_total"]
    readonly_fields = fields


@admin.register(CreditNote)
class CreditNoteAdmin(admin.ModelAdmin):
    list_display = ["label", "invoice", "account", "issued_on", "total", "restocked"]
    list_filter = ["issued_on", "restocked"]
    list_select_related = ["invoice__account"]
    search_fields = ["number", "invoice__number", "invoice__buyer_name", "reason"]
    date_hierarchy = "issued_on"
    inlines = [CreditNoteLineInline]
    actions = ["export_csv"]
    readonly_fields = [
        "label",
        "invoice",
        "issued_on",
        "reason",
        "subtotal",
        "postage",
        "total",
        "restocked",
        "issued_by",
        "documents",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False  # issued from an invoice, through the form below

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # numbers never skip

    @admin.display(description="account", ordering="invoice__account")
    def account(self, note):
        return note.invoice.account

    @admin.display(description="documents")
    def documents(self, note):
        return format_html(
            '<a href="{}">Credit note page</a> · <a href="{}">PDF</a>',
            note.get_absolute_url(),
            reverse("trade:credit_note_pdf", args=[note.number]),
        )

    @admin.action(description="Export selected credit notes as CSV")
    def export_csv(self, request, queryset):
        return exports.credit_notes_csv(queryset)

    def get_urls(self):
        return [
            path(
                "for-invoice/<int:pk>/",
                self.admin_site.admin_view(self.issue_view),
                name="trade_creditnote_issue",
            )
        ] + super().get_urls()

    def issue_view(self, request, pk):
        if not request.user.has_perm("trade.add_creditnote"):
            raise PermissionDenied
        invoice = get_object_or_404(
            Invoice.objects.select_related("account").prefetch_related("lines"), pk=pk
        )
        form = CreditNoteForm(
            request.POST or None,
            left=credit_notes.creditable(invoice),
            postage_left=credit_notes.postage_creditable(invoice),
        )
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    note = credit_notes.issue(
                        invoice=invoice,
                        credits=form.credits(),
                        postage=form.cleaned_data["postage"],
                        reason=form.cleaned_data["reason"],
                        restock=form.cleaned_data["restock"],
                        by=request.user,
                    )
                except credit_notes.CreditNoteError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return redirect(request.get_full_path())
                note.invoice.refresh_from_db()
                self.message_user(
                    request,
                    f"Issued credit note {note.label} for {format_money(note.total)} "
                    f"and emailed it to the buyer; {invoice.label} now has "
                    f"{format_money(note.invoice.balance)} to pay.",
                )
                return redirect("admin:trade_creditnote_change", note.pk)
            status = 400
        context = self.admin_site.each_context(request) | {
            "title": f"Credit note against {invoice.label}",
            "invoice": invoice,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request, "admin/trade/credit_note_form.html", context, status=status
        )

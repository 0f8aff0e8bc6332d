"""Consignments in admin: sent with titles and quantities (stock taken),
settled with copies returned (back into stock) and sold (invoiced)."""

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from checkout.admin import ReadOnlyInline
from shop.money import format_money

from . import consignments
from .forms import ConsignmentForm, SettleForm
from .models import Consignment, ConsignmentLine


class ConsignmentLineInline(ReadOnlyInline):
    model = ConsignmentLine
    fields = [
        "title",
        "unit_price",
        "quantity_sent",
        "quantity_returned",
        "quantity_sold",
        "outstanding",
    ]
    readonly_fields = fields


@admin.register(Consignment)
class ConsignmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "account", "sent_on", "is_open_display"]
    list_filter = ["sent_on"]
    list_select_related = ["account"]
    search_fields = ["account__organisation", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lines")

    @admin.display(description="open", boolean=True)
    def is_open_display(self, consignment):
        return consignment.is_open

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ConsignmentForm
            kwargs["fields"] = ["account", "sent_on", "note", "titles"]
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["account", "sent_on", "note", "titles"]})]
        return [(None, {"fields": ["account", "sent_on", "note", "settle_link"]})]

    def get_readonly_fields(self, request, obj=None):
        return ["account", "sent_on", "settle_link"] if obj else []

    def get_inlines(self, request, obj):
        return [ConsignmentLineInline] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="returns and sales")
    def settle_link(self, consignment):
        return format_html(
            '<a href="{}">Record copies returned and sold</a>',
            reverse("admin:trade_consignment_settle", args=[consignment.pk]),
        )

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["note"])
            return
        try:
            made = consignments.send(
                account=form.cleaned_data["account"],
                lines=form.cleaned_data["titles"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except consignments.ConsignmentError as error:
            self._refused = str(error)
            return
        obj.pk = made.pk

    def response_add(self, request, obj, post_url_continue=None):
        refused = getattr(self, "_refused", None)
        if refused:
            del self._refused
            self.message_user(request, refused, messages.ERROR)
            return redirect(request.get_full_path())
        self.message_user(request, f"Sent consignment {obj.pk}; stock taken.")
        return redirect("admin:trade_consignment_change", obj.pk)

    def get_urls(self):
        return [
            path(
                "<int:pk>/settle/",
                self.admin_site.admin_view(self.settle_view),
                name="trade_consignment_settle",
            )
        ] + super().get_urls()

    def settle_view(self, request, pk):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        consignment = get_object_or_404(
            Consignment.objects.prefetch_related("lines__product"), pk=pk
        )
        form = SettleForm(request.POST or None, lines=list(consignment.lines.all()))
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    invoice = consignments.settle(
                        consignment=consignment, changes=form.changes()
                    )
                except consignments.ConsignmentError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return redirect(request.get_full_path())
                text = "Recorded."
                if invoice is not None:
                    text += (
                        f" Copies sold are on invoice {invoice.label} "
                        f"({format_money(invoice.total)})."
                    )
                self.message_user(request, text)
                return redirect("admin:trade_consignment_change", consignment.pk)
            status = 400
        context = self.admin_site.each_context(request) | {
            "title": f"Returns and sales: {consignment}",
            "consignment": consignment,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request, "admin/trade/settle.html", context, status=status
        )

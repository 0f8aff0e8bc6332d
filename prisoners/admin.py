"""The prisoner-support queue in admin: requests move new → accepted → packed →
sent (or declined) by actions; prisoners' names and numbers, and the packing
slip, only for staff with ``prisoners.view_prisoner_details``."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html

from . import selectors, services
from .models import MASK, Prison, PrisonerRequest, RequestBook

PERMISSION = "prisoners.view_prisoner_details"
PRIVATE = ("prisoner_name", "prisoner_number")


def sees_details(request) -> bool:
    return request.user.has_perm(PERMISSION)


@admin.register(Prison)
class PrisonAdmin(admin.ModelAdmin):
    list_display = ["name", "allows_hardbacks", "max_books"]
    search_fields = ["name"]


class RequestBookInline(admin.TabularInline):
    model = RequestBook
    extra = 0
    autocomplete_fields = ["product"]
    fields = ["product", "quantity", "cost", "from_order"]
    readonly_fields = ["cost", "from_order"]
    verbose_name = "book to send"
    verbose_name_plural = "books to send (packing takes them from stock)"

    def _editable(self, obj):
        # A bought book is the shopper's order: staff do not swap it.
        return obj is None or (obj.books_editable and obj.order_id is None)

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(PrisonerRequest)
class PrisonerRequestAdmin(admin.ModelAdmin):
    change_list_template = "admin/prisoners/prisonerrequest/change_list.html"
    list_display = [
        "reference",
        "created_at",
        "source",
        "group_name",
        "prison",
        "status",
        "order_link",
    ]
    list_filter = ["status", "source", "prison"]
    list_select_related = ["prison", "order"]
    date_hierarchy = "created_at"
    filter_horizontal = ["wanted"]
    inlines = [RequestBookInline]
    actions = ["accept", "pack", "send", "decline"]

    def changelist_view(self, request, extra_context=None):
        extra = {"prisoner_fund": selectors.fund()}
        return super().changelist_view(request, extra | (extra_context or {}))

    def get_fieldsets(self, request, obj=None):
        private = list(PRIVATE) if sees_details(request) else ["prisoner_masked"]
        return [
            (
                None,
                {
                    "fields": [
                        "reference",
                        "status",
                        "source",
                        "order_link",
                        "slip_link",
                        "created_at",
                        "closed_at",
                    ]
                },
            ),
            ("Support group", {"fields": ["group_name", "group_email"]}),
            (
                "Prisoner (personal data)",
                {
                    "fields": [
                        *private,
                        "prison_name",
                        "prison_address",
                        "prison",
                        "anonymised_at",
                    ]
                },
            ),
            (
                "Books",
                {"fields": ["titles_wanted", "wanted", "rules_notes", "slip_note"]},
            ),
            ("Declining", {"fields": ["decline_reason"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        fixed = [
            "reference",
            "status",
            "source",
            "order_link",
            "slip_link",
            "created_at",
            "closed_at",
            "anonymised_at",
            "prisoner_masked",
        ]
        if obj is not None and not obj.is_open:
            # A closed request is a record: nothing on it changes any more.
            return (
                fixed
                + [f.name for f in self.model._meta.fields if f.name not in fixed]
                + ["wanted", *(PRIVATE if sees_details(request) else ())]
            )
        return fixed

    def get_search_fields(self, request):
        fields = ["reference", "group_name", "group_email", "prison__name"]
        return fields + list(PRIVATE) if sees_details(request) else fields

    def get_list_display(self, request):
        shows = sees_details(request)

        @admin.display(description="prisoner")
        def prisoner(obj):
            if obj.anonymised_at:
                return "(removed)"
            if not (obj.prisoner_name or obj.prisoner_number):
                return "—"
            return f"{obj.prisoner_name} ({obj.prisoner_number})" if shows else MASK

        at = self.list_display.index("prison")
        return [*self.list_display[:at], prisoner, *self.list_display[at:]]

    @admin.display(description="prisoner's name and number")
    def prisoner_masked(self, obj):
        if obj is None or not (obj.prisoner_name or obj.prisoner_number):
            return "(removed)" if obj is not None and obj.anonymised_at else "—"
        return f"{MASK} (hidden: you need the permission to see prisoner details)"

    @admin.display(description="order")
    def order_link(self, obj):
        if obj.order_id is None:
            return "—"
        url = reverse("admin:checkout_order_change", args=[obj.order_id])
        return format_html(
            '<a href="{}">{} ({})</a>',
            url,
            obj.order.number,
            obj.order.get_status_display(),
        )

    @admin.display(description="packing slip")
    def slip_link(self, obj):
        if obj.pk is None:
            return "—"
        url = reverse("admin:prisoners_prisonerrequest_slip", args=[obj.pk])
        return format_html('<a href="{}">Print the packing slip</a>', url)

    def get_urls(self):
        return [
            path(
                "<int:pk>/packing-slip/",
                self.admin_site.admin_view(self.packing_slip),
                name="prisoners_prisonerrequest_slip",
            ),
        ] + super().get_urls()

    def packing_slip(self, request, pk):
        """Print what goes in the parcel and where it goes (the permission only)."""
        if not (self.has_view_permission(request) and sees_details(request)):
            raise PermissionDenied
        obj = get_object_or_404(selectors.requests_for_slips(), pk=pk)
        return render(request, "prisoners/packing_slip.html", {"request_": obj})

    def _apply(self, request, queryset, change, verb):
        done = 0
        for obj in queryset:
            try:
                if change(obj):
                    done += 1
                else:
                    self.message_user(
                        request,
                        f"{obj.reference} is {obj.get_status_display()}: "
                        f"it cannot be {verb} now.",
                        messages.WARNING,
                    )
            except services.RequestRefused as refused:
                self.message_user(
                    request,
                    f"{obj.reference} not {verb}: " + " ".join(refused.messages),
                    messages.ERROR,
                )
        if done:
            self.message_user(request, f"{done} request(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Accept the request", permissions=["change"])
    def accept(self, request, queryset):
        self._apply(request, queryset, lambda o: services.accept(request=o), "accepted")

    @admin.action(
        description="Pack: take the books from stock, charge the fund",
        permissions=["change"],
    )
    def pack(self, request, queryset):
        self._apply(request, queryset, lambda o: services.pack(request=o), "packed")

    @admin.action(description="Mark sent", permissions=["change"])
    def send(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda o: services.send(request=o, by=request.user),
            "sent",
        )

    @admin.action(
        description="Decline (write the reason in the request first)",
        permissions=["change"],
    )
    def decline(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda o: services.decline(request=o, reason=o.decline_reason),
            "declined",
        )

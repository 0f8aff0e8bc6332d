from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from . import contexts, services
from .models import Email


class DeliveryFilter(admin.SimpleListFilter):
    title = "delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Not sent yet"),
            ("interrupted", "Interrupted (may not have gone)"),
            ("failed", "Failed"),
            ("sent", "Sent"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status=Email.Status.UNSENT)
        if self.value() == "interrupted":
            return queryset.interrupted()
        if self.value() == "failed":
            return queryset.filter(status=Email.Status.FAILED)
        if self.value() == "sent":
            return queryset.filter(status=Email.Status.SENT)
        return queryset


class EmailInline(GenericTabularInline):
    """The emails about one object, for its admin page (``inlines = [...]``)."""

    model = Email
    ct_field = "about_type"
    ct_fk_field = "about_id"
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "emails"
    fields = ["created_at", "subject", "to", "status", "attempts", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "subject",
        "to",
        "status",
        "attempts",
        "sent_at",
        "short_error",
    ]
    list_filter = [DeliveryFilter, "kind", "created_at"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = [
        "kind",
        "about_link",
        "to",
        "from_email",
        "reply_to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "message_id",
        "text",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="body")
    def text(self, email):
        if email.private:
            return "Not shown: it holds a private link for the recipient only."
        if email.is_rendered:
            return email.body
        # The worker renders it when it sends it, from the same frozen context.
        try:
            return contexts.render(email.template, contexts.thaw(email.context))[0]
        except Exception as error:  # noqa: BLE001 - staff see why it is stuck
            return f"Not rendered yet, and rendering it fails: {error}"

    @admin.display(description="error")
    def short_error(self, email):
        return email.last_error[:80]

    @admin.display(description="about")
    def about_link(self, email):
        if not email.about_type_id:
            return "—"
        model = email.about_type.model_class()
        try:
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                args=[email.about_id],
            )
        except (NoReverseMatch, AttributeError):
            return f"{email.about_type} {email.about_id}"
        return format_html('<a href="{}">{}</a>', url, email.about or email.about_id)

    @admin.action(description="Send again", permissions=["change"])
    def send_again(self, request, queryset):
        chosen = queryset.count()
        count = services.send_again(emails=queryset)
        if count:
            self.message_user(request, f"{count} email(s) queued to send again.")
        skipped = chosen - count
        if skipped:
            self.message_user(
                request,
                f"{skipped} email(s) left alone: already sent, or being sent "
                "right now.",
                messages.WARNING,
            )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("about_type")

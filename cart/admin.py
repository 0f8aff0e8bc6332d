from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .models import Cart, CartLine, ShippingMethod, WeightBand, Zone


class ZoneForm(forms.ModelForm):
    class Meta:
        model = Zone
        fields = ["name", "countries", "is_default", "position"]

    def clean(self):
        cleaned = super().clean()
        mine = {
            c.strip().upper()
            for c in cleaned.get("countries", "").replace(",", " ").split()
        }
        others = Zone.objects.exclude(pk=self.instance.pk)
        clashes = sorted(
            f"{code} ({zone.name})"
            for zone in others
            for code in mine & zone.country_codes
        )
        if clashes:
            raise ValidationError(
                {"countries": f"Already in another zone: {', '.join(clashes)}."}
            )
        if cleaned.get("is_default") and others.filter(is_default=True).exists():
            raise ValidationError(
                {"is_default": "Another zone is already the rest of the world."}
            )
        return cleaned


class ShippingMethodInline(admin.TabularInline):
    model = ShippingMethod
    fields = [
        "name",
        "is_collection",
        "handling_charge",
        "free_over",
        "position",
        "is_active",
    ]
    extra = 0
    show_change_link = True


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    form = ZoneForm
    list_display = ["name", "countries", "is_default", "position"]
    list_editable = ["position"]
    inlines = [ShippingMethodInline]


class WeightBandFormSet(forms.BaseInlineFormSet):
    """Check that no two bands of a method cover the same weight."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        bands = sorted(
            (
                (form.cleaned_data["min_grams"], form.cleaned_data["max_grams"])
                for form in self.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and form.cleaned_data.get("max_grams") is not None
            ),
        )
        for (low_a, high_a), (low_b, high_b) in zip(bands, bands[1:], strict=False):
            if low_b < high_a:
                raise ValidationError(
                    f"The bands {low_a}–{high_a} g and {low_b}–{high_b} g overlap. "
                    "A band runs from its lower weight up to, not including, its "
                    "upper weight."
                )


class WeightBandInline(admin.TabularInline):
    model = WeightBand
    formset = WeightBandFormSet
    fields = ["min_grams", "max_grams", "price"]
    extra = 1


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "zone",
        "handling_charge",
        "free_over",
        "is_collection",
        "is_active",
        "position",
    ]
    list_filter = ["zone", "is_active", "is_collection"]
    list_select_related = ["zone"]
    inlines = [WeightBandInline]
    fieldsets = [
        (None, {"fields": ["zone", "name", "position", "is_active"]}),
        (
            "Charges",
            {
                "fields": ["handling_charge", "free_over", "is_collection"],
                "description": (
                    "A parcel pays the price of the weight band it falls in, plus "
                    "the handling charge; from the free postage subtotal on, it "
                    "pays nothing. A parcel heavier than every band cannot go by "
                    "this method."
                ),
            },
        ),
    ]


class CartLineInline(admin.TabularInline):
    model = CartLine
    fields = ["product", "title", "quantity", "added_at"]
    readonly_fields = ["added_at"]
    raw_id_fields = ["product"]
    extra = 0


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "country", "created_at", "updated_at"]
    list_select_related = ["user"]
    readonly_fields = ["session_key", "created_at", "updated_at"]
    raw_id_fields = ["user"]
    inlines = [CartLineInline]

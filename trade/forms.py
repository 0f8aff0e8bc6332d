from django import forms

from cart.countries import COUNTRIES
from shop.money import format_money

from . import quick_order
from .consignments import Settled
from .models import Consignment, Payment, TradeAccount


class ApplyForm(forms.ModelForm):
    """The trade application: who the shop is, where, and how it sells."""

    class Meta:
        model = TradeAccount
        fields = [
            "organisation",
            "contact_name",
            "phone",
            "line1",
            "line2",
            "city",
            "region",
            "postcode",
            "country",
            "website",
            "sells_through",
            "about",
        ]
        widgets = {
            "sells_through": forms.RadioSelect,
            "about": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "organisation": "The name of your shop, stall, infoshop or library.",
            "website": "Where we can see what you do, e.g. https://… or an "
            "Instagram or Mastodon page.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"] = forms.ChoiceField(
            choices=sorted(COUNTRIES.items(), key=lambda item: item[1]),
            initial="GB",
            label="Country",
        )
        self.fields["sells_through"].choices = TradeAccount.SellsThrough.choices
        for name in ["organisation", "contact_name", "line1", "city"]:
            self.fields[name].widget.attrs["autocomplete"] = {
                "organisation": "organization",
                "contact_name": "name",
                "line1": "address-line1",
                "city": "address-level2",
            }[name]


class QuickOrderForm(forms.Form):
    lines = forms.CharField(
        label="Titles and quantities",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text="One per line: an ISBN or a title, then the quantity, e.g. "
        "“9780306406157, 10” or “Mutual Aid x 5”. Paste a list from a "
        "spreadsheet if you like.",
    )


class TradeAccountAdminForm(forms.ModelForm):
    """Staff's account form: a hold needs a reason (its buyers are told it)."""

    class Meta:
        model = TradeAccount
        fields = ["on_hold", "hold_reason"]  # admin adds its fieldsets' fields

    def clean(self):
        data = super().clean()
        if data.get("on_hold") and not (data.get("hold_reason") or "").strip():
            self.add_error(
                "hold_reason", "Say why the account is on hold: its buyers see it."
            )
        return data


class PaymentForm(forms.ModelForm):
    """Record money received against one invoice, never more than it owes."""

    class Meta:
        model = Payment
        fields = ["invoice", "amount", "received_on", "method", "reference"]

    def clean(self):
        data = super().clean()
        invoice, amount = data.get("invoice"), data.get("amount")
        if invoice is not None and amount is not None and amount > invoice.balance:
            self.add_error(
                "amount",
                f"That is more than the {format_money(invoice.balance)} still owed "
                f"on {invoice.label}.",
            )
        return data


class ConsignmentForm(forms.ModelForm):
    """Send copies on sale or return: the account, and titles with quantities."""

    titles = forms.CharField(
        label="Titles and quantities",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One per line: an ISBN or a title, then the quantity, "
        "e.g. “Mutual Aid, 10”. The copies leave stock when you save.",
    )

    class Meta:
        model = Consignment
        fields = ["account", "sent_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = TradeAccount.objects.filter(
            status=TradeAccount.Status.APPROVED
        )

    def clean_titles(self):
        lines, problems = [], []
        for raw in self.cleaned_data["titles"].splitlines():
            if not raw.strip():
                continue
            query, quantity = quick_order.parse(raw)
            if quantity < 1:
                problems.append(f"“{raw.strip()}”: send at least one copy.")
                continue
            product, problem = quick_order.find(query)
            if product is None:
                problems.append(problem)
                continue
            lines.append((product, quantity))
        if problems:
            raise forms.ValidationError(problems)
        if not lines:
            raise forms.ValidationError("Name at least one title to send.")
        return lines


class SettleForm(forms.Form):
    """Copies back and copies sold, per line still out."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = [line for line in lines if line.outstanding]
        for line in self.lines:
            self.fields[f"returned_{line.pk}"] = forms.IntegerField(
                label=f"{line.title}: copies back", min_value=0, initial=0
            )
            self.fields[f"sold_{line.pk}"] = forms.IntegerField(
                label=f"{line.title}: copies sold", min_value=0, initial=0
            )

    def rows(self):
        """Return each line still out with its two fields, for the template."""
        return [
            (line, self[f"returned_{line.pk}"], self[f"sold_{line.pk}"])
            for line in self.lines
        ]

    def clean(self):
        data = super().clean()
        for line in self.lines:
            n = (data.get(f"returned_{line.pk}") or 0) + (
                data.get(f"sold_{line.pk}") or 0
            )
            if n > line.outstanding:
                self.add_error(
                    f"returned_{line.pk}",
                    f"Only {line.outstanding} still out of {line.quantity_sent} sent.",
                )
        return data

    def changes(self) -> list[Settled]:
        return [
            Settled(
                line=line,
                returned=self.cleaned_data[f"returned_{line.pk}"] or 0,
                sold=self.cleaned_data[f"sold_{line.pk}"] or 0,
            )
            for line in self.lines
        ]

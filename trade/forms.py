from django import forms

from cart.countries import COUNTRIES

from .models import TradeAccount


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

"""The staff form that issues a credit note against an invoice."""

from decimal import Decimal

from django import forms

from shop.money import format_money

from .credit_notes import Credit, Creditable


class CreditNoteForm(forms.Form):
    """Copies to credit per invoice line still creditable, postage and why.

    Quantities and postage are checked against what is left to credit, so a
    bad entry is a message beside its field and nothing changes; the service
    checks again under the invoice's lock.
    """

    postage = forms.DecimalField(
        label="Postage to credit (£)",
        min_value=Decimal("0.00"),
        max_digits=10,
        decimal_places=2,
        initial=Decimal("0.00"),
        required=False,
    )
    reason = forms.CharField(
        label="Reason (shown to the buyer)",
        max_length=300,
        help_text="For example: 3 unsold copies returned from consignment 12.",
    )
    restock = forms.BooleanField(
        label="The copies are back on the shelf: add them to stock",
        required=False,
        initial=True,
    )

    def __init__(self, *args, left: list[Creditable], postage_left: Decimal, **kw):
        super().__init__(*args, **kw)
        self.left = [row for row in left if row.quantity > 0]
        self.postage_left = postage_left
        for row in self.left:
            self.fields[f"credit_{row.line.pk}"] = forms.IntegerField(
                label=f"{row.line.title}: copies to credit",
                min_value=0,
                initial=0,
                required=False,
            )

    def rows(self):
        """Return each creditable line with its field, for the template."""
        return [(row, self[f"credit_{row.line.pk}"]) for row in self.left]

    def clean_postage(self):
        postage = self.cleaned_data.get("postage") or Decimal("0.00")
        if postage > self.postage_left:
            raise forms.ValidationError(
                f"Only {format_money(self.postage_left)} of the postage can still "
                "be credited."
            )
        return postage

    def clean(self):
        data = super().clean()
        for row in self.left:
            name = f"credit_{row.line.pk}"
            if (data.get(name) or 0) > row.quantity:
                self.add_error(
                    name,
                    f"Only {row.quantity} of the {row.line.quantity} invoiced can "
                    "still be credited.",
                )
        wanted = sum(data.get(f"credit_{row.line.pk}") or 0 for row in self.left)
        if not self.errors and not wanted and not data.get("postage"):
            raise forms.ValidationError("Enter the copies or the postage to credit.")
        return data

    def credits(self) -> list[Credit]:
        return [
            Credit(line=row.line, quantity=self.cleaned_data[f"credit_{row.line.pk}"])
            for row in self.left
            if self.cleaned_data.get(f"credit_{row.line.pk}")
        ]

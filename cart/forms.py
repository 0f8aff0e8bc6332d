"""Forms that check what the browser sends to the cart (never a price)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings

from .countries import COUNTRIES
from .pricing import CHOICE_LABELS, PWYC

QUANTITY_ERRORS = {
    "required": "Enter how many you want.",
    "invalid": "Enter a whole number, such as 1 or 2.",
}


def _quantity_field(*, min_value):
    return forms.IntegerField(
        min_value=min_value,
        max_value=settings.CART_LINE_LIMIT,
        error_messages=QUANTITY_ERRORS
        | {
            "min_value": (
                "Enter a quantity of 1 or more."
                if min_value
                else "Enter 0 to remove a line, or a quantity of 1 or more."
            ),
            "max_value": (
                f"You can order at most {settings.CART_LINE_LIMIT} of one product "
                "at a time."
            ),
        },
    )


class AmountField(forms.Field):
    """A pay-what-you-can amount in pounds: "5", "5.50" or "£5.50".

    Only the number is checked here; whether the product offers pay what you
    can, and in what range, is ``cart.pricing.amount_refusal``'s to say.
    """

    NOT_A_NUMBER = "Enter an amount in pounds, such as 5 or 5.50."
    TOO_LARGE = Decimal("99999999.99")

    MAX_LENGTH = 20

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"required": "Enter the amount you want to pay, such as 5.00."},
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value or "").strip().removeprefix("£").strip()
        if not text:
            return None
        if len(text) > self.MAX_LENGTH:
            raise forms.ValidationError(self.NOT_A_NUMBER)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(self.NOT_A_NUMBER) from None
        if not amount.is_finite():
            raise forms.ValidationError(self.NOT_A_NUMBER)
        if amount < 0:
            raise forms.ValidationError("The amount cannot be negative.")
        # Before any rounding: quantizing a 30-digit number raises.
        if amount > self.TOO_LARGE:
            raise forms.ValidationError("That amount is too large.")
        pence = amount.quantize(Decimal("0.01"))
        if pence != amount:
            raise forms.ValidationError(
                "Enter pounds and pence, with at most 2 decimal places."
            )
        return pence


class PriceForm(forms.Form):
    """A cart line's new price: a choice among staff's prices, or an amount."""

    price_choice = forms.ChoiceField(
        choices=[(c, c) for c in CHOICE_LABELS],
        error_messages={
            "required": "Sorry, that price is not offered: choose one shown.",
            "invalid_choice": "Sorry, that price is not offered: choose one shown.",
        },
    )
    amount = AmountField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("price_choice") == PWYC and data.get("amount") is None:
            if "amount" not in self.errors:
                self.add_error("amount", AmountField().error_messages["required"])
        return data


class AddForm(forms.Form):
    """The add-to-cart form every catalogue page renders."""

    product = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField()  # replaced in __init__: the limit is a setting
    next = forms.CharField(required=False, max_length=2000)
    # A choice among the prices staff set, never an amount (cart.pricing).
    price_choice = forms.ChoiceField(
        required=False,
        choices=[(c, c) for c in CHOICE_LABELS],
        error_messages={"invalid_choice": "Choose one of the prices shown."},
    )
    # The pay-what-you-can amount the shopper typed (``cart.pricing``).
    amount = AmountField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"] = _quantity_field(min_value=1)

    def clean(self):
        data = super().clean()
        if data.get("amount") is not None and not data.get("price_choice"):
            data["price_choice"] = PWYC  # an amount typed is pay what you can
        if data.get("price_choice") == PWYC and data.get("amount") is None:
            if "amount" not in self.errors:
                self.add_error("amount", AmountField().error_messages["required"])
        return data


# A choice the plain add may carry: none, or a listed price (no amount typed).
_PLAIN_CHOICES = frozenset(["", *CHOICE_LABELS]) - {PWYC}


def plain_add(data) -> dict | None:
    """Return what ``AddForm`` would clean from ``data``, for the plain post only.

    The plain post is what every catalogue page sends: the product and a
    quantity in digits within the limit, a listed price or none, no amount.
    Building the form cost more than the rest of checking it. None for any
    other post: ``AddForm`` then checks it and words its errors.
    """
    product = data.get("product", "")
    quantity = data.get("quantity", "")
    if (
        data.get("amount", "")
        or data.get("price_choice", "") not in _PLAIN_CHOICES
        or len(next_url := data.get("next", "")) > 2000
        or "\x00" in next_url  # refused by the form's CharField
        or not (product.isascii() and product.isdigit() and len(product) < 10)
        or not (quantity.isascii() and quantity.isdigit() and len(quantity) < 10)
        or not 1 <= int(quantity) <= settings.CART_LINE_LIMIT
        or int(product) < 1
    ):
        return None
    return {
        "quantity": int(quantity),
        "price_choice": data.get("price_choice", ""),
        "amount": None,
    }


class UpdateForm(forms.Form):
    """One quantity field per cart line, named ``quantity-<line id>``; 0 removes."""

    PREFIX = "quantity-"

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.line_ids = []
        for line in lines:
            name = f"{self.PREFIX}{line.pk}"
            self.fields[name] = _quantity_field(min_value=0)
            self.fields[name].initial = line.quantity
            self.fields[name].label = f"Quantity of {line.product or line.title}"
            self.line_ids.append(line.pk)

    @classmethod
    def posted_line_ids(cls, data) -> set[str]:
        """Return the line ids the browser sent quantities for, as sent."""
        return {k.removeprefix(cls.PREFIX) for k in data if k.startswith(cls.PREFIX)}

    def quantities(self) -> dict[int, int]:
        return {
            pk: self.cleaned_data[f"{self.PREFIX}{pk}"]
            for pk in self.line_ids
            if self.cleaned_data.get(f"{self.PREFIX}{pk}") is not None
        }


class DestinationForm(forms.Form):
    """Where the parcel goes and how: a country and, optionally, a postage method."""

    UNKNOWN_COUNTRY = (
        "Sorry, we do not know that country. Please choose one from the list."
    )

    country = forms.CharField(
        max_length=10,
        error_messages={
            "required": "Choose the country we should post your order to.",
            "max_length": UNKNOWN_COUNTRY,
        },
    )
    method = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Choose a postage method from the list.",
            "min_value": "Choose a postage method from the list.",
        },
    )

    def clean_country(self):
        code = self.cleaned_data["country"].strip().upper()
        if code not in COUNTRIES:
            raise forms.ValidationError(self.UNKNOWN_COUNTRY)
        return code

from django import forms
from django.conf import settings

from cart import shipping
from cart.countries import COUNTRIES, country_name
from shop.money import format_money

from . import payments
from .details import OrderDetails, donation_limit, parse_donation
from .models import Order

DeliverTo = Order.DeliverTo
# Left empty when the books go to the prisoner-support queue.
ADDRESS_FIELDS = ("line1", "line2", "city", "region", "postcode")

# Countries whose addresses cannot be delivered without a postcode.
POSTCODE_REQUIRED = {"GB", "US", "CA", "AU", "DE", "FR", "NL", "IE"}


def method_label(quote) -> str:
    price = "free" if not quote.price else format_money(quote.price)
    return f"{quote.method.name} — {price}"


class CheckoutForm(forms.Form):
    """Who the order is for, where it goes, how it travels and how it is paid.

    Postage methods are those the destination's zone offers for this parcel;
    prices are shown from the server's quotes and never read back from the
    browser.
    """

    email = forms.EmailField(max_length=254)
    deliver_to = forms.ChoiceField(
        label="Who are the books for?",
        choices=[
            (DeliverTo.ADDRESS, "Me, or someone I send them to: post to the address"),
            (
                DeliverTo.PRISONER_SUPPORT,
                "A prisoner: give them to the shop’s prisoner-support scheme",
            ),
        ],
        initial=DeliverTo.ADDRESS,
        required=False,  # not chosen: to the address, as before the choice
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label="Full name", max_length=200)
    line1 = forms.CharField(label="Address line 1", max_length=200)
    line2 = forms.CharField(label="Address line 2", max_length=200, required=False)
    city = forms.CharField(label="Town or city", max_length=100)
    region = forms.CharField(
        label="County, state or region", max_length=100, required=False
    )
    postcode = forms.CharField(
        label="Postcode or ZIP",
        max_length=20,
        required=False,
        help_text="Leave empty only if addresses in your country have none.",
    )
    country = forms.ChoiceField(label="Country")
    shipping_method = forms.TypedChoiceField(
        label="Postage", coerce=int, widget=forms.RadioSelect
    )
    payment_method = forms.ChoiceField(label="Payment", widget=forms.RadioSelect)
    note = forms.CharField(
        label="Note for the shop",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    donation = forms.CharField(
        label="Donation to the prisoner fund, in pounds (optional)",
        max_length=12,
        required=False,
        help_text="Added to your total; it pays for books prisoners ask us for.",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    accept_terms = forms.BooleanField(
        label="I accept the terms of sale",
        error_messages={"required": "Please accept the terms of sale to order."},
    )

    def __init__(self, *args, zones, weight_grams, subtotal, buyer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.buyer = buyer
        self.zones = zones
        self.weight_grams = weight_grams
        self.subtotal = subtotal
        self.fields["country"].choices = sorted(
            COUNTRIES.items(), key=lambda item: item[1]
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["line1"].widget.attrs["autocomplete"] = "address-line1"
        self.fields["line2"].widget.attrs["autocomplete"] = "address-line2"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["region"].widget.attrs["autocomplete"] = "address-level1"
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        self.fields["country"].widget.attrs["autocomplete"] = "country"

        country = (self.data.get("country") if self.is_bound else None) or (
            self.initial.get("country", "")
        )
        self.for_prisoner = (
            self.data.get("deliver_to")
            if self.is_bound
            else self.initial.get("deliver_to")
        ) == DeliverTo.PRISONER_SUPPORT
        if self.for_prisoner:
            # The shop posts the books from its own country (docs/prisoners.md).
            country = settings.SHIPPING_DEFAULT_COUNTRY
            for name in (*ADDRESS_FIELDS, "country"):
                self.fields[name].required = False
        self.quotes = self.available_quotes(country)
        self.fields["shipping_method"].choices = [
            (q.method.pk, method_label(q)) for q in self.quotes
        ]
        # Django %-formats a field's error messages, so this one holds no
        # text from the browser: only a name from our own list of countries.
        known = COUNTRIES.get(country) if isinstance(country, str) else None
        self.fields["shipping_method"].error_messages["invalid_choice"] = (
            f"Choose one of the postage methods offered for {known or 'your country'}."
        )
        payment_choices = [
            c
            for c in Order.PaymentMethod.choices
            if c[0] != Order.PaymentMethod.CARD or payments.is_enabled()
            if c[0] != Order.PaymentMethod.INVOICE
        ]
        if buyer is not None and buyer.invoice_days is not None:
            payment_choices.append(
                (
                    Order.PaymentMethod.INVOICE,
                    f"Invoice to {buyer.name}: pay within {buyer.invoice_days} days",
                )
            )
        if not any(q.method.is_collection for q in self.quotes):
            payment_choices = [
                c for c in payment_choices if c[0] != Order.PaymentMethod.COLLECTION
            ]
        self.fields["payment_method"].choices = payment_choices
        self.fields["payment_method"].error_messages["invalid_choice"] = (
            "Choose one of the ways to pay shown here."
        )

    def available_quotes(self, country):
        zone = shipping.zone_for(country, self.zones)
        quotes = shipping.quotes_for(
            zone, weight_grams=self.weight_grams, subtotal=self.subtotal
        )
        return [
            q
            for q in quotes
            if q.available and not (self.for_prisoner and q.method.is_collection)
        ]

    def clean_deliver_to(self):
        return self.cleaned_data["deliver_to"] or DeliverTo.ADDRESS

    def clean_donation(self):
        amount = parse_donation(self.cleaned_data["donation"].strip().lstrip("£"))
        if amount is None:
            raise forms.ValidationError(
                "Enter a donation in pounds and pence, such as 5 or 2.50, from "
                f"nothing up to {format_money(donation_limit())}."
            )
        return str(amount)

    def clean_country(self):
        if self.for_prisoner:
            return settings.SHIPPING_DEFAULT_COUNTRY
        country = self.cleaned_data["country"]
        if shipping.zone_for(country, self.zones) is None:
            raise forms.ValidationError(
                f"Sorry, we do not post to {country_name(country)}."
            )
        if not self.available_quotes(country):
            raise forms.ValidationError(
                f"Sorry, no postage method can carry this parcel to "
                f"{country_name(country)}."
            )
        return country

    def clean(self):
        data = super().clean()
        country = data.get("country")
        if self.for_prisoner:
            data.update({name: "" for name in ADDRESS_FIELDS})
        elif country in POSTCODE_REQUIRED and not data.get("postcode", "").strip():
            self.add_error("postcode", "Please enter the postcode.")
        method_pk = data.get("shipping_method")
        quote = next((q for q in self.quotes if q.method.pk == method_pk), None)
        if method_pk is not None and quote is None:
            self.add_error(
                "shipping_method", "Choose one of the postage methods offered."
            )
        payment = data.get("payment_method")
        if (
            payment == Order.PaymentMethod.COLLECTION
            and quote is not None
            and not quote.method.is_collection
        ):
            self.add_error(
                "payment_method", "Pay on collection is only for orders you collect."
            )
        self.quote = quote
        return data

    def details(self) -> OrderDetails:
        """Return the cleaned answers, for the session and then ``place_order``."""
        data = dict(self.cleaned_data)
        data.pop("accept_terms", None)
        return OrderDetails(
            **{k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        )


class PlaceOrderForm(forms.Form):
    """The review page's button: only what identifies the review, never a price."""

    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)
    checkout_token = forms.CharField(max_length=64, widget=forms.HiddenInput)


class ShipForm(forms.Form):
    tracking_reference = forms.CharField(
        label="Tracking reference (optional)", max_length=200, required=False
    )

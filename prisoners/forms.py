"""The public form a prisoner support group asks for books with."""

import re

from django import forms

from . import selectors
from .services import RequestData

# Plain text only: markup in a request is refused, never stored or shown.
MARKUP = re.compile(r"[<>]|&#?\w+;")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BookChoices(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # A number too big for the database's integer would fail the query.
        for pk in value:
            if not (isinstance(pk, str) and pk.isdecimal() and len(pk) <= 18):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": "that"},
                )
        return super()._check_values(value)

    def label_from_instance(self, obj):
        if obj.format == obj.Format.HARDBACK:
            return f"{obj.title} (hardback)"
        return obj.title


class RequestForm(forms.Form):
    """Who asks, for whom, at which prison, and which books."""

    group_name = forms.CharField(label="Your group's name", max_length=200)
    group_email = forms.EmailField(
        label="Your group's email",
        max_length=254,
        help_text="We write here about the request, never naming the prisoner.",
    )
    prisoner_name = forms.CharField(label="Prisoner's full name", max_length=200)
    prisoner_number = forms.CharField(label="Prisoner number", max_length=40)
    prison_name = forms.CharField(label="Prison", max_length=200)
    prison_address = forms.CharField(
        label="Prison's postal address",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    titles_wanted = forms.CharField(
        label="Books wanted",
        max_length=2000,
        required=False,
        help_text="Titles and authors, one a line. Or choose from our list below.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    wanted = BookChoices(
        label="From our list",
        queryset=selectors.requestable_books(),
        required=False,
        help_text="Hold Ctrl (or ⌘) to choose more than one.",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    rules_notes = forms.CharField(
        label="The prison’s rules on books",
        max_length=2000,
        required=False,
        help_text="For example: paperbacks only, at most three books, no stickers.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # A field people never see (hidden by CSS, skipped by keyboards and
    # screen readers); spam robots fill in every field they find.
    website = forms.CharField(label="Leave this empty", required=False)

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str) and (
                MARKUP.search(value) or CONTROL.search(value)
            ):
                self.add_error(name, "Please use plain text, without < > or & codes.")
        if not data.get("titles_wanted", "").strip() and not data.get("wanted"):
            self.add_error(
                "titles_wanted", "Tell us the books wanted, or choose from our list."
            )
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def request_data(self) -> RequestData:
        data = self.cleaned_data
        return RequestData(
            group_name=data["group_name"].strip(),
            group_email=data["group_email"],
            prisoner_name=data["prisoner_name"].strip(),
            prisoner_number=data["prisoner_number"].strip(),
            prison_name=data["prison_name"].strip(),
            prison_address=data["prison_address"].strip(),
            titles_wanted=data["titles_wanted"].strip(),
            rules_notes=data["rules_notes"].strip(),
            wanted=tuple(data["wanted"]),
        )

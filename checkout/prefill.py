"""Saved addresses an app above checkout offers the details form.

Checkout imports no app above it, so accounts registers a provider here (as
apps register with ``admin.site``): a function of the request returning the
signed-in shopper's email and saved addresses, the default first.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SavedAddress:
    """One saved address, as the details form's fields name it."""

    id: int
    label: str
    name: str
    line1: str
    line2: str
    city: str
    region: str
    postcode: str
    country: str

    def initial(self) -> dict:
        fields = ["name", "line1", "line2", "city", "region", "postcode", "country"]
        return {field: getattr(self, field) for field in fields}


@dataclass(frozen=True)
class Saved:
    email: str = ""
    addresses: tuple[SavedAddress, ...] = ()


_providers = []


def register(provider) -> None:
    """Add ``provider(request) -> Saved | None`` (once per provider)."""
    if provider not in _providers:
        _providers.append(provider)


def saved_for(request) -> Saved:
    """Return what a provider saved for this shopper, or nothing saved."""
    for provider in _providers:
        saved = provider(request)
        if saved is not None:
            return saved
    return Saved()

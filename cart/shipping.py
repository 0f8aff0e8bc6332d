"""Postage rules: which methods a destination has, and what a parcel costs."""

from dataclasses import dataclass
from decimal import Decimal

from shop.money import ZERO, to_money

from .models import ShippingMethod, Zone


@dataclass(frozen=True)
class Quote:
    """What one method would charge for a parcel, or why it cannot carry it."""

    method: ShippingMethod
    price: Decimal | None  # None: not offered for this parcel
    reason: str = ""

    @property
    def available(self):
        return self.price is not None


def zone_for(country: str, zones) -> Zone | None:
    """Return the zone listing ``country``, else the default (rest of the world)."""
    country = (country or "").upper()
    default = None
    for zone in zones:
        if country in zone.country_codes:
            return zone
        if zone.is_default:
            default = zone
    return default


def quote(method: ShippingMethod, *, weight_grams: int, subtotal: Decimal) -> Quote:
    """Price ``method`` for a parcel (bands: lower bound inclusive, upper exclusive)."""
    if method.is_collection:
        return Quote(method, to_money(method.handling_charge))
    band = next(
        (b for b in method.bands.all() if b.min_grams <= weight_grams < b.max_grams),
        None,
    )
    if band is None:
        return Quote(
            method, None, f"{method.name} cannot take a parcel of {weight_grams:,} g."
        )
    if method.free_over is not None and subtotal >= method.free_over:
        return Quote(method, ZERO)
    return Quote(method, to_money(band.price + method.handling_charge))


def quotes_for(zone: Zone | None, *, weight_grams: int, subtotal: Decimal):
    """Return a quote for every active method of ``zone``, in display order."""
    if zone is None:
        return []
    return [
        quote(m, weight_grams=weight_grams, subtotal=subtotal)
        for m in zone.methods.all()
        if m.is_active
    ]

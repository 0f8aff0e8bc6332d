"""Demo postage rates, modelled on Royal Mail's for booklets and books.

Loading twice changes nothing: zones and methods are matched by name and
their bands replaced.
"""

from decimal import Decimal

from django.db import transaction

from .models import ShippingMethod, WeightBand, Zone

UK = "GB GG IM JE"
# The EU and EEA, Switzerland, and the rest of geographical Europe Royal Mail
# prices as Europe.
EUROPE = (
    "AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GI GL GR HR HU IE IS IT "
    "LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM TR UA VA"
)

# (min grams inclusive, max grams exclusive, price)
SECOND_CLASS = [
    (0, 100, "1.55"),  # large letter: one booklet
    (100, 250, "2.10"),
    (250, 500, "2.70"),
    (500, 750, "3.20"),
    (750, 2000, "3.69"),  # small parcel
    (2000, 10000, "6.89"),  # medium parcel
    (10000, 20000, "10.49"),
]
TRACKED_48 = [(0, 2000, "3.85"), (2000, 10000, "6.99"), (10000, 20000, "10.99")]
EUROPE_STANDARD = [
    (0, 100, "4.20"),
    (100, 250, "6.15"),
    (250, 500, "8.40"),
    (500, 1000, "11.25"),
    (1000, 2000, "15.85"),
]
EUROPE_TRACKED = [
    (0, 250, "9.20"),
    (250, 500, "10.95"),
    (500, 1000, "13.50"),
    (1000, 2000, "17.75"),
]
WORLD_STANDARD = [
    (0, 100, "4.55"),
    (100, 250, "7.95"),
    (250, 500, "11.40"),
    (500, 1000, "17.95"),
    (1000, 2000, "27.40"),
]
WORLD_TRACKED = [
    (0, 250, "12.60"),
    (250, 500, "15.45"),
    (500, 1000, "22.30"),
    (1000, 2000, "33.20"),
]

ZONES = [
    # name, countries, is_default, methods
    (
        "United Kingdom",
        UK,
        False,
        [
            # name, bands, handling, free from, collect
            ("Royal Mail 2nd class", SECOND_CLASS, "0", "40.00", False),
            ("Royal Mail Tracked 48", TRACKED_48, "0.50", None, False),
            ("Collect from the shop", [], "0", None, True),
        ],
    ),
    (
        "Europe",
        EUROPE,
        False,
        [
            ("Airmail (International Standard)", EUROPE_STANDARD, "0.50", None, False),
            ("International Tracked", EUROPE_TRACKED, "0.50", None, False),
        ],
    ),
    (
        "Rest of the world",
        "",
        True,
        [
            ("Airmail (International Standard)", WORLD_STANDARD, "0.50", None, False),
            ("International Tracked", WORLD_TRACKED, "0.50", None, False),
        ],
    ),
]


@transaction.atomic
def load() -> int:
    """Create or update the demo zones and methods; return how many methods."""
    count = 0
    for zone_position, (zone_name, countries, is_default, methods) in enumerate(ZONES):
        zone, _ = Zone.objects.update_or_create(
            name=zone_name,
            defaults={
                "countries": countries,
                "is_default": is_default,
                "position": zone_position,
            },
        )
        for position, (name, bands, handling, free_over, collect) in enumerate(methods):
            method, _ = ShippingMethod.objects.update_or_create(
                zone=zone,
                name=name,
                defaults={
                    "handling_charge": Decimal(handling),
                    "free_over": Decimal(free_over) if free_over else None,
                    "is_collection": collect,
                    "position": position,
                    "is_active": True,
                },
            )
            method.bands.all().delete()
            WeightBand.objects.bulk_create(
                WeightBand(method=method, min_grams=lo, max_grams=hi, price=Decimal(p))
                for lo, hi, p in bands
            )
            count += 1
    return count

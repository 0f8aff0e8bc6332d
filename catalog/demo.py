"""The demo catalogue: the seed page's products. Loading twice changes nothing.

Titles, subtitles, authors, publishers, years and formats are the seed page's
(its Trotsky product page and its New products list); so are the Trotsky
booklet's 80 pages and description. Prices, weights, stock and categories are
demo values of our own. Where the seed cuts a subtitle short we keep only what
it shows, ending in “…”, rather than guess the rest; most formats other than
hardback, booklet and calendar are our guesses too.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import covers
from .models import Category, Contributor, Credit, Product, Publisher

TROTSKY_DESCRIPTION = (
    "This pamphlet hopes to provide evidence of the real nature of Trotsky’s "
    "role within the Russian Revolution. In the process it attempts to "
    "convince those members of Trotskyist groups who sincerely look towards "
    "the overthrow of capitalism and the establishment of a free, just and "
    "equal society, that the ideas of Trotsky are flawed.  It will attempt to "
    "show that Trotsky increasingly resorted to strong-arm methods, to a "
    "commitment to a regular army that put him at odds with those who looked "
    "towards a defence corps built on the abolition of hierarchy and the "
    "election of officers, to the militarisation of labour and one-man "
    "management, and advocacy of the crushing of those on the left seen as "
    "rivals of the Bolsheviks. In his efforts to regularise the Red Army he "
    "looked to the elimination of commanders deemed too independent . He was "
    "prepared to use concentration camps, poison gas and firing squads to "
    "maintain Bolshevik rule. He looked towards belittling and crushing "
    "oppositional currents within the Bolshevik Party. He was the first to use "
    "the ‘amalgam tactic’ later deployed by Stalin to slander these "
    "oppositionists. He wanted to transform the trade unions into state organs "
    "of control over the working class and wished to introduce Taylorism and "
    "differential wages into the workplaces."
    "\n\n"
    "Far from being a champion of Soviet democracy, he was “a knight of "
    "bureaucracy”, and a stern advocate of repression. Far from being an "
    "alternative pole to Stalinism, his actions, in consolidating the "
    "bureaucracy and the one-Party State, precisely prepared the ground for "
    "the growth of Stalinism. He was an architect of the Bolshevik "
    "counter-revolution which culminated in the crushing of the Kronstadt "
    "Commune, in which Trotsky himself played a significant part."
)

TROTSKY_SHORT_DESCRIPTION = (
    "Trotsky’s real role in the Russian Revolution: not an alternative to "
    "Stalinism but an architect of the Bolshevik counter-revolution."
)

# slug: (name, short name used in short bylines)
PUBLISHERS = {
    "bristol-radical-history-group": ("Bristol Radical History Group", "BRHG"),
    "pm-press": ("PM Press", ""),
    "pluto-press": ("Pluto Press", ""),
    "dog-section-press": ("Dog Section Press", ""),
    "penguin": ("Penguin", ""),
    "verso": ("Verso", ""),
    "freedom-press": ("Freedom Press", ""),
    # The seed writes only “LBC”; we do not spell out a name it does not give.
    "lbc": ("LBC", ""),
}

# slug: (name, parent slug); parents come before their children.
CATEGORIES = {
    "books": ("Books", None),
    "history": ("History", "books"),
    "politics": ("Politics", "books"),
    "anarchism": ("Anarchism", "books"),
    "feminism-and-gender": ("Feminism & gender", "books"),
    "ecology": ("Ecology", "books"),
    "education": ("Education", "books"),
    "pamphlets": ("Pamphlets", None),
    "calendars": ("Calendars", None),
}

# Contributors the byline needs more than a name for.
ORGANISATIONS = {
    "Anarchist Communist Group": "the",
    "The Salvage Collective": "",
}
BIOS = {"Sean Swain": "Anarchist prisoner."}


@dataclass(frozen=True)
class DemoProduct:
    title: str
    format: str
    price: str
    weight_grams: int
    stock: int
    categories: tuple
    subtitle: str = ""
    authors: tuple = ()
    publisher: str = ""
    year: int | None = None
    page_count: int | None = None
    short_description: str = ""
    description: str = ""
    is_featured: bool = False


# The seed's product (the shop's pick on the home page), then the seed's New
# products list in order, newest first.
PRODUCTS = [
    DemoProduct(
        "The Truth about Trotsky",
        "booklet",
        "3.00",
        100,
        25,
        ("pamphlets", "history"),
        authors=("Anarchist Communist Group",),
        is_featured=True,
        year=2021,
        page_count=80,
        short_description=TROTSKY_SHORT_DESCRIPTION,
        description=TROTSKY_DESCRIPTION,
    ),
    DemoProduct(
        "De-convicted",
        "book",
        "8.00",
        400,
        12,
        ("history",),
        subtitle="The convicts who got a second chance",
        authors=("Colin Thomas",),
        publisher="bristol-radical-history-group",
        year=2021,
    ),
    DemoProduct(
        "Cry of the poor",
        "pamphlet",
        "3.00",
        80,
        3,
        ("pamphlets", "history"),
        # The seed cuts this subtitle off and names no author or year.
        subtitle="Being a Letter from Sixteen Working Men of Bristol to the Sixteen…",
    ),
    DemoProduct(
        "Tremors of Discontent",
        "book",
        "10.00",
        450,
        6,
        ("history",),
        subtitle="My Life in Print 1970-1988",
        authors=("Mike Richardson",),
        publisher="bristol-radical-history-group",
        year=2021,
    ),
    DemoProduct(
        "Real Education",
        "book",
        "9.00",
        400,
        2,
        ("education",),
        authors=("David Gribble",),
        year=1998,
    ),
    DemoProduct(
        "When to talk and when to fight",
        "book",
        "15.99",
        400,
        5,
        ("politics",),
        # The seed's line ends “By Rebecca Subar •…”: any co-authors and the
        # publisher are cut off, so only she is credited.
        subtitle="The Strategic Choice between Dialogue and Resistance",
        authors=("Rebecca Subar",),
    ),
    DemoProduct(
        "Patriarchy of the wage",
        "book",
        "14.99",
        300,
        8,
        ("feminism-and-gender",),
        subtitle="Notes on Marx, Gender, and Feminism",
        authors=("Silvia Federici",),
        publisher="pm-press",
        year=2021,
    ),
    DemoProduct(
        "Anarchism and the black revolution",
        "book",
        "16.99",
        450,
        10,
        ("anarchism", "politics"),
        authors=("Lorenzo Kom'boa Ervin",),
        publisher="pluto-press",
        year=2021,
    ),
    DemoProduct(
        "The Politics of Permaculture",
        "book",
        "19.99",
        500,
        4,
        ("ecology",),
        authors=("Terry Leahy",),
        publisher="pluto-press",
        year=2021,
    ),
    DemoProduct(
        "Post-Internet Far Right",
        "book",
        "10.00",
        250,
        7,
        ("politics",),
        publisher="dog-section-press",
        year=2021,
    ),
    DemoProduct(
        "The Transgender Issue",
        "hardback",
        "20.00",
        700,
        3,
        ("feminism-and-gender",),
        subtitle="An argument for justice",
        authors=("Shon Faye",),
        publisher="penguin",
        year=2021,
    ),
    DemoProduct(
        "The Tragedy of the Worker",
        "book",
        "10.99",
        300,
        0,
        ("politics",),
        subtitle="Towards the Proletarocene",
        authors=("The Salvage Collective",),
        publisher="verso",
        year=2021,
    ),
    DemoProduct(
        "A world without police",
        "book",
        "12.99",
        400,
        9,
        ("politics",),
        subtitle="How Strong Communities Make Cops Obsolete",
        authors=("Geo Maher",),
        publisher="verso",
        year=2021,
    ),
    DemoProduct(
        "A Normal Life",
        "book",
        "12.00",
        450,
        5,
        ("anarchism",),
        authors=("Vassilis Palaiokostas",),
        publisher="freedom-press",
        year=2021,
    ),
    DemoProduct(
        "Fighting Women",
        "book",
        "14.99",
        400,
        6,
        ("history", "feminism-and-gender"),
        # The seed's line is cut off after the author: no publisher or year.
        subtitle="Interviews With Veterans of the Spanish Civil War",
        authors=("Isabella Lorusso",),
    ),
    DemoProduct(
        "Workers in Stalin's Russia",
        "booklet",
        "4.00",
        120,
        15,
        ("pamphlets", "history"),
        authors=("Marie Louise Berneri",),
        publisher="freedom-press",
        year=2020,
    ),
    DemoProduct(
        "Peter Kropotkin Memoirs of a Revolutionist",
        "book",
        "15.00",
        600,
        4,
        ("anarchism", "history"),
        # The seed's byline credits only the publisher; so do we.
        publisher="freedom-press",
        year=2021,
    ),
    DemoProduct(
        "2022 Certain Days Calendar",
        "calendar",
        "12.00",
        350,
        20,
        ("calendars",),
        # The seed cuts off “…, with the theme…” and gives no year.
        subtitle="21st edition of the Political Prisoners Support Calendar",
    ),
    DemoProduct(
        "Dysorganism A4",
        "pamphlet",
        "3.00",
        60,
        10,
        ("pamphlets", "anarchism"),
        subtitle=(
            "For the destruction of the existent, for the self-organisation of the…"
        ),
    ),
    DemoProduct(
        # The seed shows no title for this entry, only “by anarchist prisoner
        # Sean Swain, LBC 2021”. This neutral title is ours; staff should
        # replace it with the real one.
        "Writings by Sean Swain",
        "book",
        "13.00",
        350,
        2,
        ("anarchism",),
        authors=("Sean Swain",),
        publisher="lbc",
        year=2021,
    ),
    DemoProduct(
        "Dancing & Digging",
        "booklet",
        "5.00",
        100,
        8,
        ("ecology", "pamphlets"),
        subtitle="Proverbs on Freedom and Nature",
        authors=("Shaun Day-Woods",),
    ),
]


def load() -> int:
    """Create or update the demo catalogue; return how many demo products there are."""
    with transaction.atomic():
        publishers = {
            slug: _publisher(slug, *names) for slug, names in PUBLISHERS.items()
        }
        categories = {}
        for slug, (name, parent) in CATEGORIES.items():
            categories[slug], _ = Category.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "parent": categories.get(parent)},
            )
        # The New products entries are spaced an hour apart so the block lists
        # them in the seed's order. The seed's own booklet is older than
        # NEW_PRODUCT_DAYS, as on the seed page, where the block beside it
        # holds exactly those twenty. Dates are only set when a product is
        # created, so reloading does not reshuffle the block.
        newest = timezone.now()
        for index, demo in enumerate(PRODUCTS):
            _product(
                demo,
                publisher=publishers.get(demo.publisher),
                categories=[categories[slug] for slug in demo.categories],
                date_added=(
                    newest - timedelta(hours=index)
                    if index
                    else newest - timedelta(days=settings.NEW_PRODUCT_DAYS + 10)
                ),
                seed=index,
            )
    return len(PRODUCTS)


def _publisher(slug, name, short_name):
    publisher, _ = Publisher.objects.update_or_create(
        slug=slug, defaults={"name": name, "short_name": short_name}
    )
    return publisher


def _contributor(name):
    contributor, _ = Contributor.objects.update_or_create(
        slug=slugify(name),
        defaults={
            "name": name,
            "is_organisation": name in ORGANISATIONS,
            "byline_article": ORGANISATIONS.get(name, ""),
            "bio": BIOS.get(name, ""),
        },
    )
    return contributor


def _product(demo, *, publisher, categories, date_added, seed):
    slug = slugify(demo.title)
    values = {
        "title": demo.title,
        "subtitle": demo.subtitle,
        "format": demo.format,
        "page_count": demo.page_count,
        "publisher_id": publisher.pk if publisher else None,
        "year": demo.year,
        "short_description": demo.short_description,
        "description": demo.description,
        "price": Decimal(demo.price),
        "weight_grams": demo.weight_grams,
        "stock": demo.stock,
        "allow_backorder": False,
        "is_published": True,
        "is_featured": demo.is_featured,
        "cover_alt": f"Cover of {demo.title}",
    }
    # Not update_or_create: it saves every time, and the save moves
    # ``updated_at``; a second load must leave every row as it was.
    product = Product.objects.filter(slug=slug).first()
    if product is None:
        product = Product.objects.create(slug=slug, date_added=date_added, **values)
    else:
        changed = [
            name for name, value in values.items() if getattr(product, name) != value
        ]
        for name in changed:
            setattr(product, name, values[name])
        if changed:
            product.save()

    contributors = [_contributor(name) for name in demo.authors]
    for position, contributor in enumerate(contributors):
        Credit.objects.update_or_create(
            product=product,
            contributor=contributor,
            role=Credit.Role.AUTHOR,
            defaults={"position": position},
        )
    product.credits.exclude(
        contributor__in=contributors, role=Credit.Role.AUTHOR
    ).delete()
    product.categories.set(categories)
    _cover(product, demo, publisher, seed)


def _cover(product, demo, publisher, seed):
    storage = product.cover.storage
    if product.cover and storage.exists(product.cover.name):
        if product.cover_thumbnail and storage.exists(product.cover_thumbnail.name):
            return
        # The thumbnail went missing (media wiped): make it again.
        product.cover_thumbnail = ""
        product.save()
        return
    data = covers.draw_demo_cover(
        title=demo.title,
        author=" and ".join(demo.authors),
        publisher=publisher.name if publisher else "",
        seed=seed,
    )
    product.cover.save(f"{product.slug}.png", ContentFile(data), save=True)

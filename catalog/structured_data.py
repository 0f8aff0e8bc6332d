"""What a product page tells search engines and link previews.

schema.org JSON-LD (a ``Book`` that is also a ``Product``, with an ``Offer``),
Open Graph and Twitter card tags, built here so templates only print them.
Every URL is absolute: crawlers and chat apps read the page out of context.
"""

from dataclasses import dataclass

from django.conf import settings

from .models import Credit, Product

SCHEMA = "https://schema.org/"
# Formats that are books to schema.org; badges, posters, calendars are not.
BOOK_FORMATS = {
    Product.Format.BOOK,
    Product.Format.HARDBACK,
    Product.Format.BOOKLET,
    Product.Format.PAMPHLET,
    Product.Format.ZINE,
}


@dataclass(frozen=True)
class Sharing:
    """A product page's absolute URL, cover image, card text and JSON-LD."""

    url: str
    image: str
    description: str
    json_ld: dict


def availability(product) -> str:
    """Return the schema.org availability of ``product`` as a full URL."""
    if product.stock > 0:
        return SCHEMA + "InStock"
    return SCHEMA + ("BackOrder" if product.allow_backorder else "OutOfStock")


def _person(contributor) -> dict:
    kind = "Organization" if contributor.is_organisation else "Person"
    return {"@type": kind, "name": contributor.name}


def product_sharing(product, *, request) -> Sharing:
    """Return what the product page's head carries for sharing and search."""
    url = request.build_absolute_uri(product.get_absolute_url())
    cover = product.cover or product.cover_thumbnail
    image = request.build_absolute_uri(cover.url) if cover else ""
    description = product.short_description or product.byline
    data = {
        "@context": "https://schema.org",
        "@type": ["Book", "Product"] if product.format in BOOK_FORMATS else "Product",
        "name": product.title,
        "url": url,
        "description": description,
        "offers": {
            "@type": "Offer",
            "price": f"{product.price:.2f}",
            "priceCurrency": settings.SHOP_CURRENCY,
            "availability": availability(product),
            "url": url,
        },
    }
    if image:
        data["image"] = image
    if product.isbn:
        data["isbn"] = product.isbn
        data["gtin13"] = product.isbn
    credits = product.ordered_credits()
    authors = [_person(c.contributor) for c in credits if c.role == Credit.Role.AUTHOR]
    if authors:
        data["author"] = authors if len(authors) > 1 else authors[0]
    if product.publisher:
        data["publisher"] = {"@type": "Organization", "name": product.publisher.name}
    if product.page_count and product.format in BOOK_FORMATS:
        data["numberOfPages"] = product.page_count
    if product.year:
        data["datePublished"] = str(product.year)
    return Sharing(url=url, image=image, description=description, json_ld=data)

"""Plain factory functions for tests: ``make_product(**overrides)``."""

import io
import itertools
import struct
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from PIL import Image

from catalog.models import Category, Contributor, Credit, Product, Publisher

_counter = itertools.count(1)


def png_bytes(width=60, height=90, color=(180, 40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def make_cover(name="cover.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def make_publisher(**overrides):
    n = next(_counter)
    fields = {"name": f"Publisher {n}", "slug": f"publisher-{n}"} | overrides
    return Publisher.objects.create(**fields)


def make_contributor(**overrides):
    n = next(_counter)
    name = overrides.pop("name", f"Writer {n}")
    fields = {"name": name, "slug": f"{slugify(name)}-{n}"} | overrides
    return Contributor.objects.create(**fields)


def make_category(**overrides):
    n = next(_counter)
    name = overrides.pop("name", f"Category {n}")
    fields = {"name": name, "slug": f"{slugify(name)}-{n}"} | overrides
    return Category.objects.create(**fields)


def make_product(*, authors=(), categories=(), **overrides):
    """Create a published product; ``authors`` are Contributors or names."""
    n = next(_counter)
    title = overrides.pop("title", f"Pamphlet {n}")
    fields = {
        "title": title,
        "slug": slugify(title) or f"product-{n}",
        "format": Product.Format.BOOKLET,
        "price": Decimal("4.00"),
        "weight_grams": 100,
        "stock": 10,
    } | overrides
    product = Product.objects.create(**fields)
    for position, author in enumerate(authors):
        if isinstance(author, str):
            author = make_contributor(name=author)
        Credit.objects.create(product=product, contributor=author, position=position)
    if categories:
        product.categories.set(categories)
    return product


def image_bytes(fmt="PNG", width=60, height=90, color=(180, 40, 40), exif=None):
    """Return an image file's bytes in ``fmt``; ``exif`` maps EXIF tags to values."""
    buffer = io.BytesIO()
    image = Image.new("RGB", (width, height), color)
    options = {}
    if exif:
        data = Image.Exif()
        data.update(exif)
        options["exif"] = data
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def png_bomb_bytes(width=10_000, height=10_000):
    """Return a ~100-byte PNG whose header claims ``width`` × ``height`` pixels.

    Its chunks are well formed (checksums right), so Pillow's ``verify()`` and
    Django's ImageField accept it; decoding it would need the full bitmap.
    """

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (width + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# Cart and postage.


def make_zone(**overrides):
    """Create a postage zone; ``countries`` is a string of ISO codes."""
    n = next(_counter)
    from cart.models import Zone

    fields = {"name": f"Zone {n}", "countries": "", "position": n} | overrides
    return Zone.objects.create(**fields)


def make_method(zone, *, bands=(), **overrides):
    """Create a postage method; ``bands`` are (min grams, max grams, "price")."""
    from cart.models import ShippingMethod, WeightBand

    n = next(_counter)
    fields = {"name": f"Method {n}", "position": n} | overrides
    method = ShippingMethod.objects.create(zone=zone, **fields)
    for low, high, price in bands:
        WeightBand.objects.create(
            method=method, min_grams=low, max_grams=high, price=Decimal(price)
        )
    return method


def make_cart(*, lines=(), **overrides):
    """Create a cart holding ``lines``: (product, quantity) pairs."""
    from cart.models import Cart, CartLine

    n = next(_counter)
    cart = Cart.objects.create(**({"session_key": f"session-{n}"} | overrides))
    for product, quantity in lines:
        CartLine.objects.create(
            cart=cart, product=product, title=product.title, quantity=quantity
        )
    return cart


# Checkout -----------------------------------------------------------------


def make_postage(*, countries="GB", name="UK", default=False, collection=True):
    """Create a zone with a posted method (£2.50 up to 2 kg) and, optionally,
    collection from the shop; return ``(zone, posted, collect)``."""
    from cart.models import ShippingMethod, WeightBand, Zone

    zone = Zone.objects.create(name=name, countries=countries, is_default=default)
    posted = ShippingMethod.objects.create(
        zone=zone, name=f"Royal Mail ({name})", position=1
    )
    WeightBand.objects.create(
        method=posted, min_grams=0, max_grams=2000, price=Decimal("2.50")
    )
    collect = None
    if collection:
        collect = ShippingMethod.objects.create(
            zone=zone, name="Collect from the shop", is_collection=True, position=2
        )
    return zone, posted, collect


ADDRESS = {
    "email": "reader@example.org",
    "name": "Ada Reader",
    "line1": "1 Example Street",
    "line2": "",
    "city": "Bristol",
    "region": "",
    "postcode": "BS1 1AA",
    "note": "",
}


def order_details(*, shipping_method, payment_method="bank_transfer", **overrides):
    """Return the checkout form's answers as ``place_order`` takes them."""
    from checkout.services import OrderDetails

    return OrderDetails(
        **ADDRESS
        | {
            "country": "GB",
            "shipping_method": shipping_method,
            "payment_method": payment_method,
        }
        | overrides
    )


def make_order(*items, payment_method="bank_transfer", method=None, **details):
    """Place an order for ``(product, quantity)`` pairs through the service."""
    from cart.totals import cart_totals
    from checkout import review, services

    cart = make_cart(lines=items, country="GB", shipping_method=method)
    totals = cart_totals(cart)
    snap = review.snapshot(totals)
    return services.place_order(
        cart=cart,
        details=order_details(
            shipping_method=totals.method.pk, payment_method=payment_method, **details
        ),
        checkout_token=f"token-{next(_counter)}",
        expected_fingerprint=review.fingerprint(snap),
        reviewed=snap,
    )


# Accounts -----------------------------------------------------------------

PASSWORD = "red-flag-over-the-mill"


def make_customer(email=None, *, password=PASSWORD, verified=True, **addresses):
    """Create a customer account (email verified unless told otherwise)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.models import Customer

    email = email or f"reader{next(_counter)}@example.org"
    user = get_user_model().objects.create_user(
        username=email.lower(), email=email.lower(), password=password
    )
    Customer.objects.create(user=user, verified_at=timezone.now() if verified else None)
    return user


def make_address(user, **overrides):
    """Save an address for ``user``'s customer account."""
    from accounts.models import Address

    fields = {
        "name": "Ada Reader",
        "line1": f"{next(_counter)} Example Street",
        "city": "Bristol",
        "postcode": "BS1 1AA",
        "country": "GB",
    } | overrides
    return Address.objects.create(customer=user.customer, **fields)


# Trade --------------------------------------------------------------------

APPLICATION = {
    "organisation": "Freedom Infoshop",
    "contact_name": "Lucy Parsons",
    "line1": "84b Whitechapel High Street",
    "city": "London",
    "postcode": "E1 7QX",
    "country": "GB",
    "website": "https://freedom.example.org",
    "sells_through": "infoshop",
}


def make_trade_account(user=None, *, status="approved", **overrides):
    """Create a trade account (approved unless told) with ``user`` as a member."""
    from trade.models import Member, TradeAccount

    user = user or make_customer()
    account = TradeAccount.objects.create(
        **(APPLICATION | {"status": status} | overrides)
    )
    Member.objects.create(account=account, customer=user.customer)
    return account

"""A PrestaShop 1.6 shop, built in MariaDB from Python, with the traps real ones have.

``build()`` fills an empty database (with ``ps16_schema``) and an ``img/``
folder. What it plants, and the tests that look for it:

* categories nested three deep under Root (1) and Home (2), positions that
  disagree with ids, a hidden one;
* manufacturers with no slug (1.6 has none), two whose names slug alike;
* products: prices before tax under two tax rules of the shop's country (and
  a rule for another country that must be ignored), EAN-13s that are ISBNs
  (and appear in URLs), EAN-13s that are not, ISBN-10 in ``reference``, zero
  dates, HTML descriptions with scripts and old ``/img/cms/`` links, features
  for author, pages, binding and year, stock in ``stock_available`` (one
  negative) while ``product.quantity`` says something else;
* images in both folder layouts, a PNG saved as ``.jpg``, a missing file, a
  file that is no image, thumbnails beside the originals;
* customers: guest duplicates of one email, a deleted customer, a wholesale
  group, an address soft-deleted after an order used it;
* order states renumbered by a payment module (PayPal's state took id 2), a
  module state with only flags, one nobody can map; a split order sharing a
  reference.
"""

import hashlib
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from PIL import Image

from .ps16_schema import statements

COOKIE_KEY = "Xq7mRk2vBn9pTz4wYc8dHf3jGs6aKe1uNr5tVb0yMh2xPq9zWc4dLm3"[:56]
ZERO = "0000-00-00 00:00:00"
FR, GB, DE = 8, 17, 1
PUBLISHERS = [
    "PM Press",
    "AK Press",
    "Freedom Press",
    "Verso",
    "Dog Section Press",
    "Éditions Libertalia",
    "AK  Press!",  # slugs like "AK Press"
    "Zed & Co.",
]
# (id, parent, depth, position, name, link_rewrite, active)
CATEGORIES = [
    (1, 0, 0, 0, "Root", "root", 1),
    (2, 1, 1, 0, "Home", "home", 1),
    (12, 2, 2, 2, "Books", "books", 1),
    (10, 2, 2, 1, "Pamphlets", "pamphlets", 1),
    (11, 2, 2, 3, "Badges", "badges", 1),
    (13, 12, 3, 1, "History", "history", 1),
    (14, 13, 4, 0, "Spain 1936", "spain-1936", 1),
    (15, 12, 3, 0, "Theory", "theory", 1),
    (16, 10, 3, 0, "History", "history", 1),
    (17, 2, 2, 4, "Old stock", "old-stock", 0),
]
LEAVES = [14, 15, 16, 11, 13]
# (id, meta_title, link_rewrite, content): TinyMCE's HTML, a script, a picture.
CMS_PAGES = [
    (1, "Delivery", "delivery", "<p>We post <strong>every weekday</strong>.</p>"),
    (
        4,
        "About us",
        "about-us",
        '<h1>About us</h1><p style="color:red" onclick="steal()">A collective '
        'since 1996. <a href="http://oldshop.example/content/1-delivery">Delivery'
        '</a></p><script>steal()</script><p><img src="http://oldshop.example/img/'
        'cms/shopfront.jpg" alt="Our shop"></p><ul><li>Books</li></ul>',
    ),
    (5, "Old terms", "old-terms", "<p>Withdrawn.</p>"),
]
# The blocknewsletter module's subscribers: (id, email, confirmed).
NEWSLETTER = [
    (1, "Zine.Reader@example.net", 1),
    (2, "unconfirmed@example.net", 0),
    (3, "reader2@example.org", 1),  # has an account, without consent on it
    (4, "not an email", 1),
]
# Suppliers: one is also a publisher, one a distributor.
SUPPLIERS = [(1, "PM Press"), (2, "Gardners")]
# Order states as a shop whose PayPal module was installed before 1.6's
# own states were added: every id after 1 is shifted.
# (id, name, paid, shipped, delivery, logable, module)
ORDER_STATES = [
    (1, "Awaiting check payment", 0, 0, 0, 0, "cheque"),
    (2, "Awaiting PayPal payment", 0, 0, 0, 0, "paypal"),
    (3, "Payment accepted", 1, 0, 0, 1, ""),
    (4, "Processing in progress", 1, 0, 1, 1, ""),
    (5, "Shipped", 1, 1, 1, 1, ""),
    (6, "Delivered", 1, 1, 1, 1, ""),
    (7, "Canceled", 0, 0, 0, 0, ""),
    (8, "Refunded", 0, 0, 0, 0, ""),
    (9, "Payment error", 0, 0, 0, 0, ""),
    (10, "On backorder (paid)", 1, 0, 0, 0, ""),
    (11, "Awaiting bank wire payment", 0, 0, 0, 0, "bankwire"),
    (12, "Remote payment accepted", 1, 0, 0, 1, ""),
    (13, "On backorder (not paid)", 0, 0, 0, 0, ""),
    (14, "Awaiting Cash On Delivery validation", 0, 0, 0, 0, "cashondelivery"),
    (15, "Stripe: payment authorised", 1, 0, 0, 1, "stripe_official"),
    (16, "Held by customs", 0, 0, 0, 0, ""),
]
OS_CONFIG = {
    "PS_OS_CHEQUE": 1,
    "PS_OS_PAYPAL": 2,
    "PS_OS_PAYMENT": 3,
    "PS_OS_PREPARATION": 4,
    "PS_OS_SHIPPING": 5,
    "PS_OS_DELIVERED": 6,
    "PS_OS_CANCELED": 7,
    "PS_OS_REFUND": 8,
    "PS_OS_ERROR": 9,
    "PS_OS_OUTOFSTOCK": 10,
    "PS_OS_OUTOFSTOCK_PAID": 10,
    "PS_OS_BANKWIRE": 11,
    "PS_OS_WS_PAYMENT": 12,
    "PS_OS_OUTOFSTOCK_UNPAID": 13,
    "PS_OS_COD_VALIDATION": 14,
}


@dataclass
class Facts:
    """What the fixture holds, for tests to check against."""

    cookie_key: str = COOKIE_KEY
    products: int = 0
    passwords: dict = field(default_factory=dict)
    product_ean: dict = field(default_factory=dict)
    product_rewrite: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)


def isbn13(n):
    first12 = f"978{n:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def isbn10(n):
    body = f"{n:09d}"
    total = sum(int(d) * (10 - i) for i, d in enumerate(body))
    check = (11 - total % 11) % 11
    return body + ("X" if check == 10 else str(check))


def ps_hash(password):
    return hashlib.md5((COOKIE_KEY + password).encode()).hexdigest()


def _picture(fmt, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 60), colour).save(buffer, format=fmt)
    return buffer.getvalue()


class _Writer:
    def __init__(self, cursor, prefix):
        self.cursor, self.prefix = cursor, prefix

    def __call__(self, table, rows):
        rows = list(rows)
        if not rows:
            return
        columns = list(rows[0])
        sql = "INSERT INTO {}{} ({}) VALUES ({})".format(
            self.prefix,
            table,
            ", ".join(f"`{c}`" for c in columns),
            ", ".join(["%s"] * len(columns)),
        )
        for start in range(0, len(rows), 2000):
            self.cursor.executemany(
                sql, [tuple(r[c] for c in columns) for r in rows[start : start + 2000]]
            )


def build(connection, *, img_dir: Path, prefix="ps_", products=300, images=40):
    """Create and fill a PrestaShop 1.6 shop; return the ``Facts``."""
    rng = random.Random(1936)
    facts = Facts(products=products)
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION sql_mode = ''")
        for statement in statements(prefix):
            cursor.execute(statement)
        put = _Writer(cursor, prefix)
        _settings(put)
        _catalogue(put, facts, rng, products)
        if images:
            _images(put, facts, img_dir, images)
        _people(put, facts, rng, products)
    connection.commit()
    return facts


def _settings(put):
    now = "2016-12-01 10:00:00"
    config = {
        "PS_LANG_DEFAULT": 1,
        "PS_SHOP_DEFAULT": 1,
        "PS_CURRENCY_DEFAULT": 1,
        "PS_COUNTRY_DEFAULT": FR,
        "PS_ROOT_CATEGORY": 1,
        "PS_HOME_CATEGORY": 2,
        "PS_UNIDENTIFIED_GROUP": 1,
        "PS_GUEST_GROUP": 2,
        "PS_CUSTOMER_GROUP": 3,
        "PS_LEGACY_IMAGES": 0,
        "PS_REWRITING_SETTINGS": 1,
        "PS_WEIGHT_UNIT": "kg",
        "PS_ORDER_OUT_OF_STOCK": 0,
        # The merchant's own product rule, on top of the default ones.
        "PS_ROUTE_product_rule": "livre/{id}/{rewrite}",
        **OS_CONFIG,
    }
    rows = [
        {"id_shop": None, "name": k, "value": str(v), "date_add": now, "date_upd": now}
        for k, v in config.items()
    ]
    put("configuration", rows)
    put(
        "lang",
        [
            {
                "id_lang": 1,
                "name": "English",
                "active": 1,
                "iso_code": "en",
                "language_code": "en-gb",
            },
            {
                "id_lang": 2,
                "name": "Français",
                "active": 1,
                "iso_code": "fr",
                "language_code": "fr-fr",
            },
        ],
    )
    put(
        "shop_group",
        [
            {
                "id_shop_group": 1,
                "name": "Default",
                "share_customer": 0,
                "share_order": 0,
                "share_stock": 0,
            }
        ],
    )
    put(
        "shop",
        [
            {
                "id_shop": 1,
                "id_shop_group": 1,
                "name": "Old shop",
                "id_category": 2,
                "id_theme": 1,
            }
        ],
    )
    put(
        "shop_url",
        [
            {
                "id_shop": 1,
                "domain": "oldshop.example",
                "domain_ssl": "oldshop.example",
                "physical_uri": "/",
                "virtual_uri": "",
                "main": 1,
                "active": 1,
            }
        ],
    )
    put(
        "currency",
        [
            {
                "id_currency": 1,
                "name": "Euro",
                "iso_code": "EUR",
                "sign": "€",
                "conversion_rate": 1,
            }
        ],
    )
    put(
        "country",
        [
            {
                "id_country": c,
                "id_zone": 1,
                "iso_code": iso,
                "active": 1,
                "display_tax_label": 1,
            }
            for c, iso in ((FR, "FR"), (GB, "GB"), (DE, "DE"))
        ],
    )
    put(
        "tax",
        [
            {"id_tax": 1, "rate": Decimal("5.5")},
            {"id_tax": 2, "rate": 20},
            {"id_tax": 3, "rate": 7},
        ],
    )
    put(
        "tax_rules_group",
        [
            {
                "id_tax_rules_group": g,
                "name": n,
                "active": 1,
                "deleted": 0,
                "date_add": now,
                "date_upd": now,
            }
            for g, n in ((1, "FR books 5.5%"), (2, "FR standard 20%"))
        ],
    )
    put(
        "tax_rule",
        [
            {
                "id_tax_rules_group": g,
                "id_country": country,
                "id_state": 0,
                "zipcode_from": "0",
                "zipcode_to": "0",
                "id_tax": tax,
                "behavior": 0,
                "description": "",
            }
            for g, country, tax in ((1, DE, 3), (1, FR, 1), (2, FR, 2))
        ],
    )
    put(
        "group",
        [
            {
                "id_group": g,
                "reduction": r,
                "price_display_method": m,
                "date_add": now,
                "date_upd": now,
            }
            for g, r, m in ((1, 0, 0), (2, 0, 0), (3, 0, 0), (4, 30, 1))
        ],
    )
    put(
        "group_lang",
        [
            {"id_group": g, "id_lang": lang, "name": n}
            for g, n in (
                (1, "Visitor"),
                (2, "Guest"),
                (3, "Customer"),
                (4, "Wholesale"),
            )
            for lang in (1, 2)
        ],
    )
    put(
        "order_state",
        [
            {
                "id_order_state": s,
                "paid": p,
                "shipped": sh,
                "delivery": d,
                "logable": lo,
                "module_name": m or None,
                "unremovable": 1,
            }
            for s, _, p, sh, d, lo, m in ORDER_STATES
        ],
    )
    put(
        "order_state_lang",
        [
            {"id_order_state": s, "id_lang": lang, "name": name, "template": ""}
            for s, name, *_ in ORDER_STATES
            for lang in (1, 2)
        ],
    )
    put(
        "cms",
        [
            {"id_cms": c, "id_cms_category": 1, "active": a}
            for c, a in ((1, 1), (4, 1), (5, 0))
        ],
    )
    put(
        "cms_lang",
        [
            {
                "id_cms": c,
                "id_lang": 1,
                "id_shop": 1,
                "meta_title": t,
                "content": html,
                "link_rewrite": r,
            }
            for c, t, r, html in CMS_PAGES
        ],
    )
    put(
        "supplier",
        [
            {"id_supplier": i, "name": n, "active": 1, "date_add": now, "date_upd": now}
            for i, n in SUPPLIERS
        ],
    )


def _catalogue(put, facts, rng, count):
    now = "2016-12-01 10:00:00"
    put(
        "category",
        [
            {
                "id_category": c,
                "id_parent": p,
                "level_depth": d,
                "active": a,
                "position": pos,
                "date_add": now,
                "date_upd": now,
                "is_root_category": int(c == 2),
            }
            for c, p, d, pos, _, _, a in CATEGORIES
        ],
    )
    put(
        "category_lang",
        [
            {
                "id_category": c,
                "id_shop": 1,
                "id_lang": lang,
                "name": n if lang == 1 else f"{n} (fr)",
                "link_rewrite": r,
                "description": f"<p>All about <strong>{n}</strong>.</p>",
            }
            for c, _, _, _, n, r, _ in CATEGORIES
            for lang in (1, 2)
        ],
    )
    put(
        "category_shop",
        [
            {"id_category": c, "id_shop": 1, "position": pos}
            for c, _, _, pos, *_ in CATEGORIES
        ],
    )
    put(
        "manufacturer",
        [
            {
                "id_manufacturer": i,
                "name": n,
                "date_add": now,
                "date_upd": now,
                "active": 1,
            }
            for i, n in enumerate(PUBLISHERS, 1)
        ],
    )
    put(
        "manufacturer_lang",
        [
            {
                "id_manufacturer": i,
                "id_lang": 1,
                "description": f"<p>{n} publishes <em>books</em>.</p>",
                "short_description": "",
            }
            for i, n in enumerate(PUBLISHERS, 1)
        ],
    )
    features = [(1, "Author"), (2, "Pages"), (3, "Binding"), (4, "Year")]
    put("feature", [{"id_feature": f, "position": f} for f, _ in features])
    put(
        "feature_lang",
        [
            {"id_feature": f, "id_lang": lang, "name": n}
            for f, n in features
            for lang in (1, 2)
        ],
    )
    products, shops, langs, links, stock = [], [], [], [], []
    values, value_langs, feature_rows = [], [], []
    authors = ["Emma Goldman", "Rudolf Rocker", "Lucy Parsons", "Nestor Makhno"]
    for pid in range(1, count + 1):
        leaf = LEAVES[pid % len(LEAVES)]
        is_badge = leaf == 11
        ean = ""
        if pid % 10 == 3:
            ean = "5012345678900"  # a real EAN-13, not an ISBN
        elif pid % 10 != 7:
            ean = isbn13(pid)
        reference = isbn10(100000 + pid) if pid % 10 == 7 else f"REF-{pid}"
        rewrite = f"title-number-{pid}"
        facts.product_ean[pid] = ean
        facts.product_rewrite[pid] = rewrite
        price = (Decimal(pid % 20 + 5) / Decimal("1.055")).quantize(Decimal("0.000001"))
        date_add = ZERO if pid % 50 == 5 else f"2015-{pid % 12 + 1:02d}-10 09:00:00"
        common = {
            "id_product": pid,
            "id_category_default": leaf,
            "id_tax_rules_group": 2 if is_badge else 1,
            "price": Decimal("2.50") if is_badge else price,
            "active": 0 if pid % 97 == 0 else 1,
            "date_add": date_add,
            "date_upd": date_add,
        }
        products.append(
            common
            | {
                "id_manufacturer": (pid % len(PUBLISHERS)) + 1 if pid % 9 else 0,
                "ean13": ean,
                "reference": reference,
                "weight": Decimal("0.250000"),
                "quantity": 999,  # stale: never read
                "redirect_type": "301" if pid == 97 else "",
                "id_product_redirected": 1 if pid == 97 else 0,
            }
        )
        shops.append(
            common
            | {
                "id_shop": 1,
                "visibility": "both",
                "redirect_type": "301" if pid == 97 else "",
                "id_product_redirected": 1 if pid == 97 else 0,
            }
        )
        description = (
            f"<p>The story of <strong>number {pid}</strong> &amp; more.</p>"
            f"<script>alert('x')</script>"
            f'<p><img src="http://oldshop.example/img/cms/scan-{pid}.jpg" alt="">'
            f"Second&nbsp;paragraph.</p>"
            if pid % 4 == 0
            else f"<p>Plain description of book {pid}.</p>"
        )
        for lang in (1, 2):
            langs.append(
                {
                    "id_product": pid,
                    "id_shop": 1,
                    "id_lang": lang,
                    "name": f"Title number {pid}" if lang == 1 else f"Titre {pid}",
                    "link_rewrite": rewrite,
                    "description": description,
                    "description_short": f"<p>Short about {pid}</p>",
                }
            )
        links.append({"id_category": leaf, "id_product": pid, "position": pid})
        links.append({"id_category": 2, "id_product": pid, "position": pid})
        if leaf == 14:
            links.append({"id_category": 13, "id_product": pid, "position": pid})
        stock.append(
            {
                "id_product": pid,
                "id_product_attribute": 0,
                "id_shop": 1,
                "id_shop_group": 0,
                "quantity": -2 if pid == 2 else pid % 13,
                "out_of_stock": 1 if pid % 11 == 0 else 2,
            }
        )
        if not is_badge:
            facts_for = [
                (1, " & ".join(authors[: 1 + pid % 2]) if pid % 3 else authors[2]),
                (2, f"{40 + pid} pages"),
                (3, "Hardback" if pid % 5 == 0 else "Paperback"),
                (4, str(1990 + pid % 30)),
            ]
            for feature, value in facts_for:
                value_id = pid * 10 + feature
                values.append(
                    {"id_feature_value": value_id, "id_feature": feature, "custom": 1}
                )
                value_langs.append(
                    {"id_feature_value": value_id, "id_lang": 1, "value": value}
                )
                value_langs.append(
                    {"id_feature_value": value_id, "id_lang": 2, "value": value}
                )
                feature_rows.append(
                    {
                        "id_feature": feature,
                        "id_product": pid,
                        "id_feature_value": value_id,
                    }
                )
    put("product", products)
    put("product_shop", shops)
    put("product_lang", langs)
    put("category_product", links)
    put("stock_available", stock)
    put("feature_value", values)
    put("feature_value_lang", value_langs)
    put("feature_product", feature_rows)
    everyone = {
        "id_specific_price_rule": 0,
        "id_cart": 0,
        "id_shop": 0,
        "id_shop_group": 0,
        "id_currency": 0,
        "id_country": 0,
        "id_group": 0,
        "id_customer": 0,
        "id_product_attribute": 0,
        "price": -1,
        "from_quantity": 1,
        "reduction": 0,
        "reduction_tax": 1,
        "reduction_type": "amount",
        "from": ZERO,
        "to": ZERO,
    }
    put(
        "specific_price",
        [
            everyone
            | {"id_product": 1, "reduction": "0.1", "reduction_type": "percentage"},
            everyone | {"id_product": 2, "price": 5, "to": "2040-01-01 00:00:00"},
            everyone
            | {
                "id_product": 3,
                "id_group": 4,
                "reduction": "0.2",
                "reduction_type": "percentage",
            },
            everyone | {"id_product": 4, "reduction": 2, "to": "2017-01-01 00:00:00"},
            everyone | {"id_product": 5, "reduction": 1, "from_quantity": 10},
            # Belongs to one shopper's cart, and one made by a catalogue rule.
            everyone | {"id_product": 6, "reduction": 1, "id_cart": 3},
            everyone | {"id_product": 7, "reduction": 1, "id_specific_price_rule": 1},
        ],
    )


def _images(put, facts, img_dir, count):
    """Pictures for the first ``count`` products: a cover and, often, a second."""
    rows, langs = [], []
    image_id = 100
    for pid in range(1, count + 1):
        for position in (1, 2) if pid % 3 == 0 else (1,):
            image_id += 1
            rows.append(
                {
                    "id_image": image_id,
                    "id_product": pid,
                    "position": position,
                    "cover": 1 if position == 1 else None,
                }
            )
            langs.append(
                {"id_image": image_id, "id_lang": 1, "legend": f"Cover of title {pid}"}
            )
            if pid == 5 and position == 1:
                kind, data = "missing", None
            elif pid == 6:
                kind, data = "broken", b"<html>not a picture</html>"
            elif pid == 4:
                kind, data = "png", _picture("PNG", (200, 30, 30))
            else:
                kind, data = "jpeg", _picture("JPEG", (30, 30, pid % 255))
            facts.images[image_id] = (pid, kind)
            if data is None:
                continue
            if pid % 2:  # shops upgraded from 1.4 keep {product}-{image}.jpg
                folder = img_dir / "p"
                name = f"{pid}-{image_id}"
            else:
                folder = img_dir / "p" / Path(*str(image_id))
                name = str(image_id)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.jpg").write_bytes(data)
            (folder / f"{name}-home_default.jpg").write_bytes(
                _picture("JPEG", (0, 255, 0))
            )
    put("image", rows)
    put("image_lang", langs)


def _people(put, facts, rng, product_count):
    now = "2016-06-01 12:00:00"
    customers, addresses = [], []

    def customer(
        cid,
        email,
        *,
        guest=0,
        deleted=0,
        group=3,
        password="",
        newsletter=0,
        first="Ada",
        last="Reader",
        stored=None,
        company=None,
        website=None,
    ):
        customers.append(
            {
                "id_customer": cid,
                "id_shop": 1,
                "id_shop_group": 1,
                "id_gender": 0,
                "id_default_group": group,
                "company": company,
                "website": website,
                "firstname": first,
                "lastname": last,
                "email": email,
                "passwd": ps_hash(stored or password or f"guest{cid}"),
                "newsletter": newsletter,
                "newsletter_date_add": now if newsletter else ZERO,
                "active": 1,
                "is_guest": guest,
                "deleted": deleted,
                "date_add": f"2016-0{cid % 9 + 1}-01 10:00:00",
                "date_upd": now,
            }
        )

    for cid in range(1, 21):
        password = f"secret-{cid}"
        facts.passwords[f"reader{cid}@example.org"] = password
        customer(
            cid,
            f"reader{cid}@example.org",
            password=password,
            newsletter=cid % 2,
            last=f"Reader{cid}",
        )
    # One email, two guest checkouts, then a real account in capitals.
    customer(21, "Dup@Example.org", guest=1)
    customer(22, "dup@example.org", guest=1)
    # PrestaShop stripslashes() every request value before hashing it.
    customer(
        23, "DUP@example.org", password="back\\slash", stored="backslash", first="Dee"
    )
    facts.passwords["dup@example.org"] = "back\\slash"
    customer(24, "gone@example.org", deleted=1, password="whatever")
    customer(
        25,
        "trade@example.org",
        group=4,
        password="wholesale1",
        first="Trade",
        last="Buyer",
        company="Freedom Bookshop Co-op",
        website="freedombooks.example",
    )
    facts.passwords["trade@example.org"] = "wholesale1"
    customer(26, "onlyguest@example.org", guest=1)
    put("customer", customers)
    # Everyone is in their default group; the trade buyer also in Customer,
    # and reader 5 in Wholesale too, though priced by Customer.
    put(
        "customer_group",
        [
            {"id_customer": r["id_customer"], "id_group": r["id_default_group"]}
            for r in customers
        ]
        + [{"id_customer": 25, "id_group": 3}, {"id_customer": 5, "id_group": 4}],
    )
    put(
        "newsletter",
        [
            {
                "id": i,
                "id_shop": 1,
                "id_shop_group": 1,
                "email": email,
                "newsletter_date_add": f"2015-0{i}-02 09:00:00",
                "ip_registration_newsletter": "192.0.2.1",
                "active": active,
            }
            for i, email, active in NEWSLETTER
        ],
    )
    address_id = 0
    for row in customers:
        address_id += 1
        addresses.append(
            {
                "id_address": address_id,
                "id_country": GB,
                "id_customer": row["id_customer"],
                "alias": "Home",
                "lastname": row["lastname"],
                "firstname": row["firstname"],
                "address1": f"{address_id} Freedom Street",
                "postcode": "BS1 1AA",
                "city": "Bristol",
                "phone": "0117 000 0000",
                "date_add": now,
                "date_upd": now,
                "deleted": 0,
            }
        )
    # Reader 1 moved after ordering: PrestaShop kept the old row, deleted.
    addresses[0]["deleted"] = 1
    address_id += 1
    addresses.append(
        addresses[0]
        | {"id_address": address_id, "deleted": 0, "address1": "2 New Road"}
    )
    put("address", addresses)
    orders, details, carriers = [], [], []
    states = [s[0] for s in ORDER_STATES]
    order_customers = list(range(1, 21)) + [21, 22, 23, 25, 26]
    for oid in range(1, 61):
        cid = order_customers[oid % len(order_customers)]
        state = states[oid % len(states)]
        reference = "SPLITORDR" if oid in (7, 8) else f"REF{oid:06d}"
        pid = oid % product_count + 1
        unit = Decimal("10.00")
        orders.append(
            {
                "id_order": oid,
                "reference": reference,
                "id_carrier": 1,
                "id_lang": 1,
                "id_customer": cid,
                "id_cart": oid,
                "id_currency": 1,
                "id_address_delivery": cid,
                "id_address_invoice": cid,
                "current_state": state,
                "payment": "Bank wire",
                "module": "bankwire",
                "total_paid_tax_incl": unit * 2 + Decimal("3.5"),
                "total_products_wt": unit * 2,
                "total_shipping_tax_incl": Decimal("3.5"),
                "invoice_date": ZERO,
                "delivery_date": ZERO,
                "date_add": f"2016-{oid % 12 + 1:02d}-15 14:00:00",
                "date_upd": now,
            }
        )
        details.append(
            {
                "id_order": oid,
                "id_shop": 1,
                "product_id": pid,
                "product_name": f"Title number {pid}",
                "product_quantity": 2,
                "product_reference": f"REF-{pid}",
                "product_weight": Decimal("0.25"),
                "unit_price_tax_incl": unit,
                "total_price_tax_incl": unit * 2,
            }
        )
        if oid % 5 == 0:
            carriers.append(
                {
                    "id_order": oid,
                    "id_carrier": 1,
                    "tracking_number": f"TRACK{oid}",
                    "date_add": now,
                }
            )
    put("orders", orders)
    put("order_detail", details)
    put("order_carrier", carriers)

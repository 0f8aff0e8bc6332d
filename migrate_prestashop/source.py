"""Read a PrestaShop 1.6 database, read-only, over a MySQL/MariaDB URL.

Every query joins the ``*_lang`` and ``*_shop`` tables on the chosen language
and shop (a join without ``id_shop`` returns duplicates on a multistore
install) and names the table prefix, which the merchant may have changed from
``ps_``. The whole read happens in one read-only transaction with a consistent
snapshot, so a shop that keeps selling during the import is read as of one
moment and never written to.
"""

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass

import pymysql
import pymysql.cursors
from django.utils import timezone


class SourceError(Exception):
    """The old shop's database cannot be read as a PrestaShop 1.6 shop."""


def connect(url: str):
    """Open ``mysql://user:password@host:port/database`` read-only."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("mysql", "mariadb") or not parts.path.strip("/"):
        raise SourceError(
            f"Give the old shop's database as mysql://user:password@host/database, "
            f"not {parts.scheme or 'no scheme'}://…"
        )
    try:
        connection = pymysql.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            user=urllib.parse.unquote(parts.username or "root"),
            password=urllib.parse.unquote(parts.password or ""),
            database=urllib.parse.unquote(parts.path.strip("/")),
            # 1.6 tables are utf8 (3-byte); utf8mb4 reads them unchanged.
            charset="utf8mb4",
            cursorclass=pymysql.cursors.DictCursor,
            connect_timeout=10,
        )
    except pymysql.MySQLError as error:
        raise SourceError(
            f"Cannot connect to the old shop's database: {error}"
        ) from None
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION sql_mode = ''")
        cursor.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
    return connection


def as_datetime(value):
    """Return an aware datetime, or None for PrestaShop's zero dates."""
    if isinstance(value, dt.datetime):
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    if isinstance(value, dt.date):
        return timezone.make_aware(dt.datetime(value.year, value.month, value.day))
    # PyMySQL hands back '0000-00-00 00:00:00' as the raw string (or None).
    return None


@dataclass
class PrestaShop:
    connection: object
    prefix: str = "ps_"
    shop: int = 1
    lang: int | None = None

    def __post_init__(self):
        if not re.fullmatch(r"[A-Za-z0-9_]*", self.prefix):
            raise SourceError(f"“{self.prefix}” is not a table prefix.")
        try:
            self.config = self._config()
        except pymysql.MySQLError as error:
            raise SourceError(
                f"No PrestaShop tables with the prefix “{self.prefix}”: {error}"
            ) from None
        if self.lang is None:
            self.lang = int(self.config.get("PS_LANG_DEFAULT") or 1)

    def rows(self, sql: str, *params):
        sql = sql.replace("PREFIX_", self.prefix)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _config(self):
        rows = self.rows(
            "SELECT name, value, id_shop FROM PREFIX_configuration "
            "WHERE id_shop IS NULL OR id_shop IN (0, %s) ORDER BY id_shop IS NULL DESC",
            self.shop,
        )
        # Global rows first, so the shop's own value wins.
        return {row["name"]: row["value"] for row in rows}

    def setting(self, name, default=None):
        value = self.config.get(name)
        return default if value in (None, "") else value

    def language_iso(self):
        rows = self.rows(
            "SELECT iso_code FROM PREFIX_lang WHERE id_lang = %s", self.lang
        )
        if not rows:
            raise SourceError(f"The old shop has no language with id {self.lang}.")
        return rows[0]["iso_code"]

    def physical_uri(self):
        """Return the folder the old shop lived in, such as ``/`` or ``/shop/``."""
        rows = self.rows(
            "SELECT physical_uri FROM PREFIX_shop_url WHERE id_shop = %s AND main = 1",
            self.shop,
        )
        return rows[0]["physical_uri"] if rows else "/"

    def categories(self):
        return self.rows(
            "SELECT c.id_category, c.id_parent, c.level_depth, c.active,"
            " COALESCE(cs.position, c.position) AS position,"
            " cl.name, cl.link_rewrite, cl.description"
            " FROM PREFIX_category c"
            " JOIN PREFIX_category_lang cl ON cl.id_category = c.id_category"
            "  AND cl.id_shop = %s AND cl.id_lang = %s"
            " LEFT JOIN PREFIX_category_shop cs ON cs.id_category = c.id_category"
            "  AND cs.id_shop = %s"
            " ORDER BY c.level_depth, position, c.id_category",
            self.shop,
            self.lang,
            self.shop,
        )

    def manufacturers(self):
        return self.rows(
            "SELECT m.id_manufacturer, m.name, m.active, ml.description,"
            " ml.short_description FROM PREFIX_manufacturer m"
            " LEFT JOIN PREFIX_manufacturer_lang ml"
            "  ON ml.id_manufacturer = m.id_manufacturer AND ml.id_lang = %s"
            " ORDER BY m.id_manufacturer",
            self.lang,
        )

    def products(self):
        return self.rows(
            "SELECT p.id_product, p.id_manufacturer, p.ean13, p.reference, p.weight,"
            " ps.price, ps.active, ps.id_category_default, ps.id_tax_rules_group,"
            " ps.date_add, ps.redirect_type, ps.id_product_redirected, ps.visibility,"
            " pl.name, pl.description, pl.description_short, pl.link_rewrite"
            " FROM PREFIX_product p"
            " JOIN PREFIX_product_shop ps ON ps.id_product = p.id_product"
            "  AND ps.id_shop = %s"
            " JOIN PREFIX_product_lang pl ON pl.id_product = p.id_product"
            "  AND pl.id_shop = %s AND pl.id_lang = %s"
            " ORDER BY p.id_product",
            self.shop,
            self.shop,
            self.lang,
        )

    def category_products(self):
        return self.rows(
            "SELECT id_category, id_product, position FROM PREFIX_category_product"
            " ORDER BY id_product, position"
        )

    def stock(self):
        group = self.rows(
            "SELECT id_shop_group FROM PREFIX_shop WHERE id_shop = %s", self.shop
        )
        shop_group = group[0]["id_shop_group"] if group else 1
        rows = self.rows(
            "SELECT id_product, quantity, out_of_stock, id_shop"
            " FROM PREFIX_stock_available WHERE id_product_attribute = 0"
            " AND (id_shop = %s OR (id_shop = 0 AND id_shop_group = %s))"
            " ORDER BY id_shop",
            self.shop,
            shop_group,
        )
        # A shop group sharing stock has one row with id_shop = 0; a shop row wins.
        return {row["id_product"]: row for row in rows}

    def tax_rates(self, country_id):
        rows = self.rows(
            "SELECT tr.id_tax_rules_group, t.rate FROM PREFIX_tax_rule tr"
            " JOIN PREFIX_tax t ON t.id_tax = tr.id_tax AND t.active = 1"
            "  AND t.deleted = 0"
            " WHERE tr.id_country = %s AND tr.id_state = 0"
            " ORDER BY tr.id_tax_rule",
            country_id,
        )
        rates = {}
        for row in rows:
            rates.setdefault(row["id_tax_rules_group"], row["rate"])
        return rates

    def specific_prices(self):
        return self.rows(
            "SELECT id_specific_price, id_product, id_product_attribute, price,"
            " reduction, reduction_type, reduction_tax, id_group, id_customer,"
            " id_country, id_currency, from_quantity, `from`, `to`"
            " FROM PREFIX_specific_price"
            " WHERE id_cart = 0 AND id_specific_price_rule = 0"
            " AND id_shop IN (0, %s) ORDER BY id_product, id_specific_price",
            self.shop,
        )

    def features(self):
        return self.rows(
            "SELECT fp.id_product, fl.name AS feature, fvl.value"
            " FROM PREFIX_feature_product fp"
            " JOIN PREFIX_feature_lang fl ON fl.id_feature = fp.id_feature"
            "  AND fl.id_lang = %s"
            " JOIN PREFIX_feature_value_lang fvl"
            "  ON fvl.id_feature_value = fp.id_feature_value AND fvl.id_lang = %s",
            self.lang,
            self.lang,
        )

    def images(self):
        return self.rows(
            "SELECT i.id_image, i.id_product, i.position, i.cover, il.legend"
            " FROM PREFIX_image i LEFT JOIN PREFIX_image_lang il"
            "  ON il.id_image = i.id_image AND il.id_lang = %s"
            " ORDER BY i.id_product, i.cover IS NULL, i.position, i.id_image",
            self.lang,
        )

    def cms_pages(self):
        return self.rows(
            "SELECT c.id_cms, c.active, cl.meta_title, cl.link_rewrite, cl.content"
            " FROM PREFIX_cms c"
            " JOIN PREFIX_cms_lang cl ON cl.id_cms = c.id_cms AND cl.id_lang = %s"
            "  AND cl.id_shop = %s ORDER BY c.id_cms",
            self.lang,
            self.shop,
        )

    def groups(self):
        rows = self.rows(
            "SELECT g.id_group, g.reduction, g.price_display_method, gl.name"
            " FROM PREFIX_group g LEFT JOIN PREFIX_group_lang gl"
            "  ON gl.id_group = g.id_group AND gl.id_lang = %s",
            self.lang,
        )
        return {row["id_group"]: row for row in rows}

    def customers(self):
        return self.rows(
            "SELECT id_customer, id_default_group, firstname, lastname, email,"
            " passwd, newsletter, newsletter_date_add, active, is_guest, deleted,"
            " company, website, date_add FROM PREFIX_customer WHERE id_shop = %s"
            " ORDER BY id_customer",
            self.shop,
        )

    def group_members(self, group_id):
        """Return the ids of customers in ``group_id`` (default group or not)."""
        rows = self.rows(
            "SELECT id_customer FROM PREFIX_customer_group WHERE id_group = %s",
            group_id,
        )
        return {row["id_customer"] for row in rows}

    def has_table(self, name):
        rows = self.rows("SHOW TABLES LIKE %s", self.prefix + name)
        return bool(rows)

    def newsletter_subscribers(self):
        """Return the ``blocknewsletter`` module's subscribers, [] without it."""
        if not self.has_table("newsletter"):
            return []
        return self.rows(
            "SELECT id, email, active, newsletter_date_add FROM PREFIX_newsletter"
            " WHERE id_shop IN (0, %s) ORDER BY id",
            self.shop,
        )

    def suppliers(self):
        return self.rows(
            "SELECT id_supplier, name, active FROM PREFIX_supplier ORDER BY id_supplier"
        )

    def addresses(self):
        return self.rows(
            "SELECT a.id_address, a.id_customer, a.alias, a.company, a.firstname,"
            " a.lastname, a.address1, a.address2, a.postcode, a.city, a.phone,"
            " a.phone_mobile, a.deleted, co.iso_code AS country, st.name AS state"
            " FROM PREFIX_address a"
            " LEFT JOIN PREFIX_country co ON co.id_country = a.id_country"
            " LEFT JOIN PREFIX_state st ON st.id_state = a.id_state"
            " WHERE a.id_customer > 0 ORDER BY a.id_address"
        )

    def order_states(self):
        return self.rows(
            "SELECT os.id_order_state, os.paid, os.shipped, os.delivery, os.logable,"
            " os.deleted, os.module_name, osl.name FROM PREFIX_order_state os"
            " LEFT JOIN PREFIX_order_state_lang osl"
            "  ON osl.id_order_state = os.id_order_state AND osl.id_lang = %s",
            self.lang,
        )

    def orders(self):
        return self.rows(
            "SELECT o.id_order, o.reference, o.id_customer, o.current_state,"
            " o.payment, o.module, o.total_paid_tax_incl, o.total_products_wt,"
            " o.total_shipping_tax_incl, o.total_discounts_tax_incl, o.date_add,"
            " o.id_address_delivery, o.id_address_invoice, o.shipping_number,"
            " cu.iso_code AS currency, c.email"
            " FROM PREFIX_orders o"
            " LEFT JOIN PREFIX_currency cu ON cu.id_currency = o.id_currency"
            " LEFT JOIN PREFIX_customer c ON c.id_customer = o.id_customer"
            " WHERE o.id_shop = %s ORDER BY o.id_order",
            self.shop,
        )

    def order_lines(self):
        return self.rows(
            "SELECT d.id_order, d.product_id, d.product_name, d.product_reference,"
            " d.product_quantity, d.unit_price_tax_incl, d.total_price_tax_incl"
            " FROM PREFIX_order_detail d"
            " JOIN PREFIX_orders o ON o.id_order = d.id_order"
            " WHERE o.id_shop = %s ORDER BY d.id_order_detail",
            self.shop,
        )

    def tracking_numbers(self):
        rows = self.rows(
            "SELECT id_order, tracking_number FROM PREFIX_order_carrier"
            " WHERE tracking_number <> ''"
        )
        return {row["id_order"]: row["tracking_number"] for row in rows}

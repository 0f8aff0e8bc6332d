"""PrestaShop 1.6.1's own table structure (install-dev/data/db_structure.sql).

Only the tables the import reads (and ``newsletter``, which the
``blocknewsletter`` module creates in its ``install()``), with their columns as
1.6.1 creates them (utf8, MyISAM-era defaults, nullable ``image.cover``, no
UNIQUE on ``customer.email``), so the fixture traps the importer as a real shop would.
"""

SCHEMA = """
CREATE TABLE PREFIX_configuration (
  id_configuration int(10) unsigned NOT NULL AUTO_INCREMENT,
  id_shop_group int(11) unsigned DEFAULT NULL, id_shop int(11) unsigned DEFAULT NULL,
  name varchar(254) NOT NULL, value text, date_add datetime NOT NULL,
  date_upd datetime NOT NULL, PRIMARY KEY (id_configuration), KEY name (name)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_lang (
  id_lang int(10) unsigned NOT NULL AUTO_INCREMENT, name varchar(32) NOT NULL,
  active tinyint(3) unsigned NOT NULL DEFAULT 0, iso_code char(2) NOT NULL,
  language_code char(5) NOT NULL, date_format_lite char(32) NOT NULL DEFAULT 'Y-m-d',
  date_format_full char(32) NOT NULL DEFAULT 'Y-m-d H:i:s',
  is_rtl tinyint(1) NOT NULL DEFAULT 0, PRIMARY KEY (id_lang)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_shop_group (
  id_shop_group int(11) unsigned NOT NULL AUTO_INCREMENT, name varchar(64) NOT NULL,
  share_customer tinyint(1) NOT NULL, share_order tinyint(1) NOT NULL,
  share_stock tinyint(1) NOT NULL, active tinyint(1) NOT NULL DEFAULT 1,
  deleted tinyint(1) NOT NULL DEFAULT 0, PRIMARY KEY (id_shop_group)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_shop (
  id_shop int(11) unsigned NOT NULL AUTO_INCREMENT, id_shop_group int(11) unsigned NOT NULL,
  name varchar(64) NOT NULL, id_category int(11) unsigned NOT NULL DEFAULT 1,
  id_theme int(1) unsigned NOT NULL, active tinyint(1) NOT NULL DEFAULT 1,
  deleted tinyint(1) NOT NULL DEFAULT 0, PRIMARY KEY (id_shop)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_shop_url (
  id_shop_url int(11) unsigned NOT NULL AUTO_INCREMENT, id_shop int(11) unsigned NOT NULL,
  domain varchar(150) NOT NULL, domain_ssl varchar(150) NOT NULL,
  physical_uri varchar(64) NOT NULL, virtual_uri varchar(64) NOT NULL,
  main tinyint(1) NOT NULL, active tinyint(1) NOT NULL, PRIMARY KEY (id_shop_url)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_category (
  id_category int(10) unsigned NOT NULL AUTO_INCREMENT,
  id_parent int(10) unsigned NOT NULL, id_shop_default int(10) unsigned NOT NULL DEFAULT 1,
  level_depth tinyint(3) unsigned NOT NULL DEFAULT 0,
  nleft int(10) unsigned NOT NULL DEFAULT 0, nright int(10) unsigned NOT NULL DEFAULT 0,
  active tinyint(1) unsigned NOT NULL DEFAULT 0, date_add datetime NOT NULL,
  date_upd datetime NOT NULL, position int(10) unsigned NOT NULL DEFAULT 0,
  is_root_category tinyint(1) NOT NULL DEFAULT 0, PRIMARY KEY (id_category),
  KEY category_parent (id_parent)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_category_lang (
  id_category int(10) unsigned NOT NULL, id_shop int(11) unsigned NOT NULL DEFAULT 1,
  id_lang int(10) unsigned NOT NULL, name varchar(128) NOT NULL, description text,
  link_rewrite varchar(128) NOT NULL, meta_title varchar(128) DEFAULT NULL,
  meta_keywords varchar(255) DEFAULT NULL, meta_description varchar(255) DEFAULT NULL,
  PRIMARY KEY (id_category, id_shop, id_lang)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_category_shop (
  id_category int(11) NOT NULL, id_shop int(11) NOT NULL,
  position int(10) unsigned NOT NULL DEFAULT 0, PRIMARY KEY (id_category, id_shop)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_category_product (
  id_category int(10) unsigned NOT NULL, id_product int(10) unsigned NOT NULL,
  position int(10) unsigned NOT NULL DEFAULT 0, PRIMARY KEY (id_category, id_product)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_manufacturer (
  id_manufacturer int(10) unsigned NOT NULL AUTO_INCREMENT, name varchar(64) NOT NULL,
  date_add datetime NOT NULL, date_upd datetime NOT NULL,
  active tinyint(1) NOT NULL DEFAULT 0, PRIMARY KEY (id_manufacturer)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_manufacturer_lang (
  id_manufacturer int(10) unsigned NOT NULL, id_lang int(10) unsigned NOT NULL,
  description text, short_description text, meta_title varchar(128) DEFAULT NULL,
  meta_keywords varchar(255) DEFAULT NULL, meta_description varchar(255) DEFAULT NULL,
  PRIMARY KEY (id_manufacturer, id_lang)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_product (
  id_product int(10) unsigned NOT NULL AUTO_INCREMENT,
  id_supplier int(10) unsigned DEFAULT NULL, id_manufacturer int(10) unsigned DEFAULT NULL,
  id_category_default int(10) unsigned DEFAULT NULL,
  id_shop_default int(10) unsigned NOT NULL DEFAULT 1,
  id_tax_rules_group int(11) unsigned NOT NULL, on_sale tinyint(1) unsigned NOT NULL DEFAULT 0,
  online_only tinyint(1) unsigned NOT NULL DEFAULT 0, ean13 varchar(13) DEFAULT NULL,
  upc varchar(12) DEFAULT NULL, ecotax decimal(17,6) NOT NULL DEFAULT 0,
  quantity int(10) NOT NULL DEFAULT 0, minimal_quantity int(10) unsigned NOT NULL DEFAULT 1,
  price decimal(20,6) NOT NULL DEFAULT 0, wholesale_price decimal(20,6) NOT NULL DEFAULT 0,
  unity varchar(255) DEFAULT NULL, unit_price_ratio decimal(20,6) NOT NULL DEFAULT 0,
  additional_shipping_cost decimal(20,2) NOT NULL DEFAULT 0,
  reference varchar(32) DEFAULT NULL, supplier_reference varchar(32) DEFAULT NULL,
  location varchar(64) DEFAULT NULL, width decimal(20,6) NOT NULL DEFAULT 0,
  height decimal(20,6) NOT NULL DEFAULT 0, depth decimal(20,6) NOT NULL DEFAULT 0,
  weight decimal(20,6) NOT NULL DEFAULT 0, out_of_stock int(10) unsigned NOT NULL DEFAULT 2,
  quantity_discount tinyint(1) DEFAULT 0, customizable tinyint(2) NOT NULL DEFAULT 0,
  uploadable_files tinyint(4) NOT NULL DEFAULT 0, text_fields tinyint(4) NOT NULL DEFAULT 0,
  active tinyint(1) unsigned NOT NULL DEFAULT 0,
  redirect_type enum('','404','301','302') NOT NULL DEFAULT '',
  id_product_redirected int(10) unsigned NOT NULL DEFAULT 0,
  available_for_order tinyint(1) NOT NULL DEFAULT 1, available_date date NOT NULL DEFAULT '0000-00-00',
  `condition` enum('new','used','refurbished') NOT NULL DEFAULT 'new',
  show_price tinyint(1) NOT NULL DEFAULT 1, indexed tinyint(1) NOT NULL DEFAULT 0,
  visibility enum('both','catalog','search','none') NOT NULL DEFAULT 'both',
  cache_is_pack tinyint(1) NOT NULL DEFAULT 0, cache_has_attachments tinyint(1) NOT NULL DEFAULT 0,
  is_virtual tinyint(1) NOT NULL DEFAULT 0, cache_default_attribute int(10) unsigned DEFAULT NULL,
  date_add datetime NOT NULL, date_upd datetime NOT NULL,
  advanced_stock_management tinyint(1) NOT NULL DEFAULT 0,
  pack_stock_type int(11) unsigned NOT NULL DEFAULT 3, PRIMARY KEY (id_product)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_product_shop (
  id_product int(10) unsigned NOT NULL, id_shop int(10) unsigned NOT NULL,
  id_category_default int(10) unsigned DEFAULT NULL, id_tax_rules_group int(11) unsigned NOT NULL,
  on_sale tinyint(1) unsigned NOT NULL DEFAULT 0, online_only tinyint(1) unsigned NOT NULL DEFAULT 0,
  ecotax decimal(17,6) NOT NULL DEFAULT 0, minimal_quantity int(10) unsigned NOT NULL DEFAULT 1,
  price decimal(20,6) NOT NULL DEFAULT 0, wholesale_price decimal(20,6) NOT NULL DEFAULT 0,
  unity varchar(255) DEFAULT NULL, unit_price_ratio decimal(20,6) NOT NULL DEFAULT 0,
  additional_shipping_cost decimal(20,2) NOT NULL DEFAULT 0,
  customizable tinyint(2) NOT NULL DEFAULT 0, uploadable_files tinyint(4) NOT NULL DEFAULT 0,
  text_fields tinyint(4) NOT NULL DEFAULT 0, active tinyint(1) unsigned NOT NULL DEFAULT 0,
  redirect_type enum('','404','301','302') NOT NULL DEFAULT '',
  id_product_redirected int(10) unsigned NOT NULL DEFAULT 0,
  available_for_order tinyint(1) NOT NULL DEFAULT 1, available_date date NOT NULL DEFAULT '0000-00-00',
  `condition` enum('new','used','refurbished') NOT NULL DEFAULT 'new',
  show_price tinyint(1) NOT NULL DEFAULT 1, indexed tinyint(1) NOT NULL DEFAULT 0,
  visibility enum('both','catalog','search','none') NOT NULL DEFAULT 'both',
  cache_default_attribute int(10) unsigned DEFAULT NULL,
  advanced_stock_management tinyint(1) NOT NULL DEFAULT 0,
  date_add datetime NOT NULL, date_upd datetime NOT NULL,
  pack_stock_type int(11) unsigned NOT NULL DEFAULT 3, PRIMARY KEY (id_product, id_shop)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_product_lang (
  id_product int(10) unsigned NOT NULL, id_shop int(11) unsigned NOT NULL DEFAULT 1,
  id_lang int(10) unsigned NOT NULL, description text, description_short text,
  link_rewrite varchar(128) NOT NULL, meta_description varchar(255) DEFAULT NULL,
  meta_keywords varchar(255) DEFAULT NULL, meta_title varchar(128) DEFAULT NULL,
  name varchar(128) NOT NULL, available_now varchar(255) DEFAULT NULL,
  available_later varchar(255) DEFAULT NULL, PRIMARY KEY (id_product, id_shop, id_lang)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_stock_available (
  id_stock_available int(11) unsigned NOT NULL AUTO_INCREMENT,
  id_product int(11) unsigned NOT NULL, id_product_attribute int(11) unsigned NOT NULL,
  id_shop int(11) unsigned NOT NULL, id_shop_group int(11) unsigned NOT NULL,
  quantity int(10) NOT NULL DEFAULT 0, depends_on_stock tinyint(1) unsigned NOT NULL DEFAULT 0,
  out_of_stock tinyint(1) unsigned NOT NULL DEFAULT 0, PRIMARY KEY (id_stock_available),
  UNIQUE KEY product_sqlstock (id_product, id_product_attribute, id_shop, id_shop_group)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_image (
  id_image int(10) unsigned NOT NULL AUTO_INCREMENT, id_product int(10) unsigned NOT NULL,
  position smallint(2) unsigned NOT NULL DEFAULT 0, cover tinyint(1) unsigned NULL DEFAULT NULL,
  PRIMARY KEY (id_image), UNIQUE KEY id_product_cover (id_product, cover)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_image_lang (
  id_image int(10) unsigned NOT NULL, id_lang int(10) unsigned NOT NULL,
  legend varchar(128) DEFAULT NULL, PRIMARY KEY (id_image, id_lang)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_feature (
  id_feature int(10) unsigned NOT NULL AUTO_INCREMENT,
  position int(10) unsigned NOT NULL DEFAULT 0, PRIMARY KEY (id_feature)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_feature_lang (
  id_feature int(10) unsigned NOT NULL, id_lang int(10) unsigned NOT NULL,
  name varchar(128) DEFAULT NULL, PRIMARY KEY (id_feature, id_lang)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_feature_value (
  id_feature_value int(10) unsigned NOT NULL AUTO_INCREMENT,
  id_feature int(10) unsigned NOT NULL, custom tinyint(3) unsigned DEFAULT NULL,
  PRIMARY KEY (id_feature_value)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_feature_value_lang (
  id_feature_value int(10) unsigned NOT NULL, id_lang int(10) unsigned NOT NULL,
  value varchar(255) DEFAULT NULL, PRIMARY KEY (id_feature_value, id_lang)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_feature_product (
  id_feature int(10) unsigned NOT NULL, id_product int(10) unsigned NOT NULL,
  id_feature_value int(10) unsigned NOT NULL, PRIMARY KEY (id_feature, id_product)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_tax (
  id_tax int(10) unsigned NOT NULL AUTO_INCREMENT, rate decimal(10,3) NOT NULL,
  active tinyint(1) unsigned NOT NULL DEFAULT 1, deleted tinyint(1) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id_tax)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_tax_rules_group (
  id_tax_rules_group int(11) NOT NULL AUTO_INCREMENT, name varchar(50) NOT NULL,
  active int(11) NOT NULL, deleted tinyint(1) unsigned NOT NULL,
  date_add datetime NOT NULL, date_upd datetime NOT NULL, PRIMARY KEY (id_tax_rules_group)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_tax_rule (
  id_tax_rule int(11) NOT NULL AUTO_INCREMENT, id_tax_rules_group int(11) NOT NULL,
  id_country int(11) NOT NULL, id_state int(11) NOT NULL, zipcode_from varchar(12) NOT NULL,
  zipcode_to varchar(12) NOT NULL, id_tax int(11) NOT NULL, behavior int(11) NOT NULL,
  description varchar(100) NOT NULL, PRIMARY KEY (id_tax_rule)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_specific_price (
  id_specific_price int(10) unsigned NOT NULL AUTO_INCREMENT,
  id_specific_price_rule int(11) unsigned NOT NULL, id_cart int(11) unsigned NOT NULL,
  id_product int(10) unsigned NOT NULL, id_shop int(11) unsigned NOT NULL DEFAULT 1,
  id_shop_group int(11) unsigned NOT NULL, id_currency int(10) unsigned NOT NULL,
  id_country int(10) unsigned NOT NULL, id_group int(10) unsigned NOT NULL,
  id_customer int(10) unsigned NOT NULL, id_product_attribute int(10) unsigned NOT NULL,
  price decimal(20,6) NOT NULL, from_quantity mediumint(8) unsigned NOT NULL,
  reduction decimal(20,6) NOT NULL, reduction_tax tinyint(1) NOT NULL DEFAULT 1,
  reduction_type enum('amount','percentage') NOT NULL, `from` datetime NOT NULL,
  `to` datetime NOT NULL, PRIMARY KEY (id_specific_price)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_cms (
  id_cms int(10) unsigned NOT NULL AUTO_INCREMENT, id_cms_category int(10) unsigned NOT NULL,
  position int(10) unsigned NOT NULL DEFAULT 0, active tinyint(1) unsigned NOT NULL DEFAULT 0,
  indexation tinyint(1) unsigned NOT NULL DEFAULT 1, PRIMARY KEY (id_cms)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_cms_lang (
  id_cms int(10) unsigned NOT NULL, id_lang int(10) unsigned NOT NULL,
  id_shop int(10) unsigned NOT NULL DEFAULT 1, meta_title varchar(128) NOT NULL,
  meta_description varchar(255) DEFAULT NULL, meta_keywords varchar(255) DEFAULT NULL,
  content longtext, link_rewrite varchar(128) NOT NULL, PRIMARY KEY (id_cms, id_shop, id_lang)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_group (
  id_group int(10) unsigned NOT NULL AUTO_INCREMENT, reduction decimal(17,2) NOT NULL DEFAULT 0,
  price_display_method tinyint(4) NOT NULL DEFAULT 0,
  show_prices tinyint(1) unsigned NOT NULL DEFAULT 1, date_add datetime NOT NULL,
  date_upd datetime NOT NULL, PRIMARY KEY (id_group)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_group_lang (
  id_group int(10) unsigned NOT NULL, id_lang int(10) unsigned NOT NULL,
  name varchar(32) NOT NULL, PRIMARY KEY (id_group, id_lang)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_customer_group (
  id_customer int(10) unsigned NOT NULL, id_group int(10) unsigned NOT NULL,
  PRIMARY KEY (id_customer, id_group), KEY id_customer (id_customer)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_supplier (
  id_supplier int(10) unsigned NOT NULL AUTO_INCREMENT, name varchar(64) NOT NULL,
  date_add datetime NOT NULL, date_upd datetime NOT NULL,
  active tinyint(1) NOT NULL DEFAULT 0, PRIMARY KEY (id_supplier)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_newsletter (
  id int(6) NOT NULL AUTO_INCREMENT, id_shop int(10) unsigned NOT NULL DEFAULT 1,
  id_shop_group int(10) unsigned NOT NULL DEFAULT 1, email varchar(255) NOT NULL,
  newsletter_date_add datetime NULL, ip_registration_newsletter varchar(15) NOT NULL,
  http_referer varchar(255) NULL, active tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_customer (
  id_customer int(10) unsigned NOT NULL AUTO_INCREMENT,
  id_shop_group int(11) unsigned NOT NULL DEFAULT 1, id_shop int(11) unsigned NOT NULL DEFAULT 1,
  id_gender int(10) unsigned NOT NULL, id_default_group int(10) unsigned NOT NULL DEFAULT 1,
  id_lang int(10) unsigned NULL, id_risk int(10) unsigned NOT NULL DEFAULT 1,
  company varchar(64), siret varchar(14), ape varchar(5), firstname varchar(32) NOT NULL,
  lastname varchar(32) NOT NULL, email varchar(128) NOT NULL, passwd varchar(32) NOT NULL,
  last_passwd_gen timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, birthday date DEFAULT NULL,
  newsletter tinyint(1) unsigned NOT NULL DEFAULT 0, ip_registration_newsletter varchar(15) DEFAULT NULL,
  newsletter_date_add datetime DEFAULT NULL, optin tinyint(1) unsigned NOT NULL DEFAULT 0,
  website varchar(128), outstanding_allow_amount decimal(20,6) NOT NULL DEFAULT 0,
  show_public_prices tinyint(1) unsigned NOT NULL DEFAULT 0, max_payment_days int(10) unsigned NOT NULL DEFAULT 60,
  secure_key varchar(32) NOT NULL DEFAULT '-1', note text,
  active tinyint(1) unsigned NOT NULL DEFAULT 0, is_guest tinyint(1) NOT NULL DEFAULT 0,
  deleted tinyint(1) NOT NULL DEFAULT 0, date_add datetime NOT NULL, date_upd datetime NOT NULL,
  PRIMARY KEY (id_customer), KEY customer_email (email)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_country (
  id_country int(10) unsigned NOT NULL AUTO_INCREMENT, id_zone int(10) unsigned NOT NULL,
  id_currency int(10) unsigned NOT NULL DEFAULT 0, iso_code varchar(3) NOT NULL,
  call_prefix int(10) NOT NULL DEFAULT 0, active tinyint(1) unsigned NOT NULL DEFAULT 0,
  contains_states tinyint(1) NOT NULL DEFAULT 0, need_identification_number tinyint(1) NOT NULL DEFAULT 0,
  need_zip_code tinyint(1) NOT NULL DEFAULT 1, zip_code_format varchar(12) NOT NULL DEFAULT '',
  display_tax_label tinyint(1) NOT NULL, PRIMARY KEY (id_country)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_state (
  id_state int(10) unsigned NOT NULL AUTO_INCREMENT, id_country int(11) unsigned NOT NULL,
  id_zone int(11) unsigned NOT NULL, name varchar(64) NOT NULL, iso_code varchar(7) NOT NULL,
  tax_behavior smallint(1) NOT NULL DEFAULT 0, active tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (id_state)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_address (
  id_address int(10) unsigned NOT NULL AUTO_INCREMENT, id_country int(10) unsigned NOT NULL,
  id_state int(10) unsigned DEFAULT NULL, id_customer int(10) unsigned NOT NULL DEFAULT 0,
  id_manufacturer int(10) unsigned NOT NULL DEFAULT 0, id_supplier int(10) unsigned NOT NULL DEFAULT 0,
  id_warehouse int(10) unsigned NOT NULL DEFAULT 0, alias varchar(32) NOT NULL,
  company varchar(64) DEFAULT NULL, lastname varchar(32) NOT NULL, firstname varchar(32) NOT NULL,
  address1 varchar(128) NOT NULL, address2 varchar(128) DEFAULT NULL,
  postcode varchar(12) DEFAULT NULL, city varchar(64) NOT NULL, other text,
  phone varchar(32) DEFAULT NULL, phone_mobile varchar(32) DEFAULT NULL,
  vat_number varchar(32) DEFAULT NULL, dni varchar(16) DEFAULT NULL,
  date_add datetime NOT NULL, date_upd datetime NOT NULL,
  active tinyint(1) unsigned NOT NULL DEFAULT 1, deleted tinyint(1) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id_address)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_currency (
  id_currency int(10) unsigned NOT NULL AUTO_INCREMENT, name varchar(32) NOT NULL,
  iso_code varchar(3) NOT NULL DEFAULT '0', iso_code_num varchar(3) NOT NULL DEFAULT '0',
  sign varchar(8) NOT NULL, blank tinyint(1) unsigned NOT NULL DEFAULT 0,
  format tinyint(1) unsigned NOT NULL DEFAULT 0, decimals tinyint(1) unsigned NOT NULL DEFAULT 1,
  conversion_rate decimal(13,6) NOT NULL, deleted tinyint(1) unsigned NOT NULL DEFAULT 0,
  active tinyint(1) unsigned NOT NULL DEFAULT 1, PRIMARY KEY (id_currency)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_order_state (
  id_order_state int(10) unsigned NOT NULL AUTO_INCREMENT,
  invoice tinyint(1) unsigned DEFAULT 0, send_email tinyint(1) unsigned NOT NULL DEFAULT 0,
  module_name varchar(255) NULL DEFAULT NULL, color varchar(32) DEFAULT NULL,
  unremovable tinyint(1) unsigned NOT NULL, hidden tinyint(1) unsigned NOT NULL DEFAULT 0,
  logable tinyint(1) NOT NULL DEFAULT 0, delivery tinyint(1) unsigned NOT NULL DEFAULT 0,
  shipped tinyint(1) unsigned NOT NULL DEFAULT 0, paid tinyint(1) unsigned NOT NULL DEFAULT 0,
  pdf_invoice tinyint(1) unsigned NOT NULL DEFAULT 0, pdf_delivery tinyint(1) unsigned NOT NULL DEFAULT 0,
  deleted tinyint(1) unsigned NOT NULL DEFAULT 0, PRIMARY KEY (id_order_state)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_order_state_lang (
  id_order_state int(10) unsigned NOT NULL, id_lang int(10) unsigned NOT NULL,
  name varchar(64) NOT NULL, template varchar(64) NOT NULL,
  PRIMARY KEY (id_order_state, id_lang)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_orders (
  id_order int(10) unsigned NOT NULL AUTO_INCREMENT, reference varchar(9),
  id_shop_group int(11) unsigned NOT NULL DEFAULT 1, id_shop int(11) unsigned NOT NULL DEFAULT 1,
  id_carrier int(10) unsigned NOT NULL, id_lang int(10) unsigned NOT NULL,
  id_customer int(10) unsigned NOT NULL, id_cart int(10) unsigned NOT NULL,
  id_currency int(10) unsigned NOT NULL, id_address_delivery int(10) unsigned NOT NULL,
  id_address_invoice int(10) unsigned NOT NULL, current_state int(10) unsigned NOT NULL,
  secure_key varchar(32) NOT NULL DEFAULT '-1', payment varchar(255) NOT NULL,
  conversion_rate decimal(13,6) NOT NULL DEFAULT 1, module varchar(255) DEFAULT NULL,
  recyclable tinyint(1) unsigned NOT NULL DEFAULT 0, gift tinyint(1) unsigned NOT NULL DEFAULT 0,
  gift_message text, mobile_theme tinyint(1) NOT NULL DEFAULT 0,
  shipping_number varchar(64) DEFAULT NULL,
  total_discounts decimal(20,6) NOT NULL DEFAULT 0, total_discounts_tax_incl decimal(20,6) NOT NULL DEFAULT 0,
  total_discounts_tax_excl decimal(20,6) NOT NULL DEFAULT 0, total_paid decimal(20,6) NOT NULL DEFAULT 0,
  total_paid_tax_incl decimal(20,6) NOT NULL DEFAULT 0, total_paid_tax_excl decimal(20,6) NOT NULL DEFAULT 0,
  total_paid_real decimal(20,6) NOT NULL DEFAULT 0, total_products decimal(20,6) NOT NULL DEFAULT 0,
  total_products_wt decimal(20,6) NOT NULL DEFAULT 0, total_shipping decimal(20,6) NOT NULL DEFAULT 0,
  total_shipping_tax_incl decimal(20,6) NOT NULL DEFAULT 0, total_shipping_tax_excl decimal(20,6) NOT NULL DEFAULT 0,
  carrier_tax_rate decimal(10,3) NOT NULL DEFAULT 0, total_wrapping decimal(20,6) NOT NULL DEFAULT 0,
  round_mode tinyint(1) NOT NULL DEFAULT 2, round_type tinyint(1) NOT NULL DEFAULT 1,
  invoice_number int(10) unsigned NOT NULL DEFAULT 0, delivery_number int(10) unsigned NOT NULL DEFAULT 0,
  invoice_date datetime NOT NULL, delivery_date datetime NOT NULL,
  valid int(1) unsigned NOT NULL DEFAULT 0, date_add datetime NOT NULL, date_upd datetime NOT NULL,
  PRIMARY KEY (id_order), KEY reference (reference), KEY id_customer (id_customer)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_order_detail (
  id_order_detail int(10) unsigned NOT NULL AUTO_INCREMENT, id_order int(10) unsigned NOT NULL,
  id_order_invoice int(11) DEFAULT NULL, id_warehouse int(10) unsigned DEFAULT 0,
  id_shop int(11) unsigned NOT NULL, product_id int(10) unsigned NOT NULL,
  product_attribute_id int(10) unsigned DEFAULT NULL, product_name varchar(255) NOT NULL,
  product_quantity int(10) unsigned NOT NULL DEFAULT 0,
  product_quantity_refunded int(10) unsigned NOT NULL DEFAULT 0,
  product_price decimal(20,6) NOT NULL DEFAULT 0, product_ean13 varchar(13) DEFAULT NULL,
  product_reference varchar(32) DEFAULT NULL, product_weight decimal(20,6) NOT NULL,
  tax_rate decimal(10,3) NOT NULL DEFAULT 0,
  total_price_tax_incl decimal(20,6) NOT NULL DEFAULT 0, total_price_tax_excl decimal(20,6) NOT NULL DEFAULT 0,
  unit_price_tax_incl decimal(20,6) NOT NULL DEFAULT 0, unit_price_tax_excl decimal(20,6) NOT NULL DEFAULT 0,
  PRIMARY KEY (id_order_detail), KEY order_detail_order (id_order)
) DEFAULT CHARSET=utf8;
CREATE TABLE PREFIX_order_carrier (
  id_order_carrier int(11) NOT NULL AUTO_INCREMENT, id_order int(11) unsigned NOT NULL,
  id_carrier int(11) unsigned NOT NULL, id_order_invoice int(11) unsigned DEFAULT NULL,
  weight decimal(20,6) DEFAULT NULL, shipping_cost_tax_excl decimal(20,6) DEFAULT NULL,
  shipping_cost_tax_incl decimal(20,6) DEFAULT NULL, tracking_number varchar(64) DEFAULT NULL,
  date_add datetime NOT NULL, PRIMARY KEY (id_order_carrier)
) DEFAULT CHARSET=utf8;
"""


def statements(prefix="ps_"):
    return [
        s.strip() for s in SCHEMA.replace("PREFIX_", prefix).split(";") if s.strip()
    ]

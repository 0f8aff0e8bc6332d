"""The fixture shop's catalogue, imported: what staff and shoppers see."""

from decimal import Decimal

import pytest

from catalog.models import Category, Credit, Product, ProductImage, Publisher
from migrate_prestashop.models import OldLink

from .ps16_fixture import isbn10, isbn13

pytestmark = pytest.mark.django_db


def product(old_id):
    link = OldLink.objects.get(kind="product", old_id=old_id)
    return Product.objects.get(pk=link.object_id)


def test_categories_keep_their_tree_and_order_without_root_and_home(imported):
    tops = list(Category.objects.filter(parent=None).values_list("name", flat=True))
    assert tops == ["Pamphlets", "Books", "Badges", "Old stock"]
    spain = Category.objects.get(name="Spain 1936")
    assert [c.name for c in spain.ancestors_and_self()] == [
        "Books",
        "History",
        "Spain 1936",
    ]
    # Two "History" categories under different parents both arrive.
    assert Category.objects.filter(name="History").count() == 2
    assert not Category.objects.filter(name__in=["Root", "Home"]).exists()
    assert "Category 17 “Old stock” was hidden" in imported


def test_manufacturers_become_publishers_with_slugs_made_from_names(imported):
    slugs = dict(Publisher.objects.values_list("name", "slug"))
    assert slugs["AK Press"] == "ak-press"
    assert slugs["AK Press!"] == "ak-press-2"
    assert slugs["Éditions Libertalia"] == "editions-libertalia"
    assert product(1).publisher.name == "AK Press"
    assert product(9).publisher is None


def test_prices_are_what_the_old_shop_showed_tax_included(imported):
    # Stored before tax: 6 / 1.055 under the French 5.5 % books rule.
    assert product(1).price == Decimal("6.00")
    assert product(17).price == Decimal("22.00")
    # A badge under the 20 % rule: 2.50 before tax.
    assert product(8).price == Decimal("3.00")


def test_isbn_comes_from_the_ean13_or_the_reference_when_it_is_one(imported):
    assert product(1).isbn == isbn13(1)
    assert product(3).isbn == ""  # 5012345678900 is an EAN-13, not an ISBN
    ten = isbn10(100007)
    assert product(7).isbn.startswith("978" + ten[:9])
    assert "30 products have an EAN-13 that is not an ISBN" in imported
    assert OldLink.objects.get(kind="product", old_id=1).reference == "REF-1"


def test_stock_comes_from_stock_available_never_below_zero(imported):
    assert product(4).stock == 4  # product.quantity says 999
    assert product(2).stock == 0  # -2 in stock_available
    assert product(11).allow_backorder is True
    assert product(12).allow_backorder is False


def test_weight_date_and_published_flag(imported):
    first = product(1)
    assert first.weight_grams == 250
    assert first.date_added.year == 2015
    assert product(5).date_added.year > 2020  # 0000-00-00 in the old shop
    assert product(97).is_published is False
    assert "6 products had no date added (0000-00-00)" in imported


def test_descriptions_are_clean_text_and_old_images_are_reported(imported):
    text = product(4).description
    assert text == "The story of number 4 & more.\n\nSecond paragraph."
    assert product(4).short_description == "Short about 4"
    assert "dropped: descriptions here are text" in imported
    assert "http://oldshop.example/img/cms/scan-4.jpg" in imported


def test_features_fill_authors_pages_format_and_year(imported):
    first = product(1)
    authors = [c.contributor.name for c in first.ordered_credits()]
    assert authors == ["Emma Goldman", "Rudolf Rocker"]
    assert {c.role for c in first.ordered_credits()} == {Credit.Role.AUTHOR}
    assert (first.page_count, first.year, first.format) == (41, 1991, "book")
    assert product(5).format == Product.Format.HARDBACK
    assert product(1).byline == "41 page book by Emma Goldman and Rudolf Rocker, 1991"


def test_pictures_arrive_from_both_layouts_whatever_their_format(imported):
    legacy, new_layout = product(1), product(2)
    assert legacy.cover.name.endswith("ps-101.jpg")
    assert new_layout.cover.name.endswith("ps-102.jpg")
    assert legacy.cover_thumbnail  # made by the shop's cover pipeline
    png = product(4)
    assert png.cover.name.endswith(".png")  # PNG data in a .jpg file
    assert ProductImage.objects.filter(product=product(3)).count() == 1
    assert not product(5).cover  # no file on disk
    assert "no file in img/p/ under either layout" in imported
    assert "this file is not one or is damaged" in imported


def test_the_product_page_of_an_imported_product_opens(imported, client):
    page = client.get(product(1).get_absolute_url())
    assert page.status_code == 200
    assert "Title number 1" in page.text
    assert "£6.00" in page.text

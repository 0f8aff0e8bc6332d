import pytest

from catalog.models import Product
from migrate_prestashop.importer.features import load_mapping, product_facts


def test_default_names_fill_authors_pages_format_and_year():
    facts, problems = product_facts(
        [
            ("Author", "Lucy Parsons; Emma Goldman & Rudolf Rocker"),
            ("Pages", "128 pp."),
            ("Binding", "Hardcover"),
            ("Year", "First published 1938"),
            ("Colour", "red"),
        ],
        load_mapping(),
    )
    assert facts == {
        "authors": ["Lucy Parsons", "Emma Goldman", "Rudolf Rocker"],
        "page_count": 128,
        "format": Product.Format.HARDBACK,
        "year": 1938,
    }
    assert problems == []


def test_the_operator_says_which_feature_holds_a_field():
    mapping = load_mapping(overrides=["pages=Number of leaves|Leaves"])
    facts, _ = product_facts([("Leaves", "64"), ("Pages", "12")], mapping)
    assert facts == {"page_count": 64}


def test_a_mapping_file_replaces_the_names_for_its_fields(tmp_path):
    path = tmp_path / "map.json"
    path.write_text('{"author": "Writer"}')
    facts, _ = product_facts([("Writer", "A"), ("Author", "B")], load_mapping(path))
    assert facts == {"authors": ["A"]}


def test_values_that_fit_no_field_are_reported_not_guessed():
    facts, problems = product_facts(
        [("Pages", "many"), ("Format", "scroll")], load_mapping()
    )
    assert facts == {}
    assert problems == [
        "pages “many” is not a number",
        "format “scroll” matches none of the shop's formats",
    ]


def test_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="field one of author, pages"):
        load_mapping(overrides=["colour=Colour"])

import pytest

from migrate_prestashop.routes import match, rule_regex

CUSTOM = {"product_rule": "livre/{id}/{rewrite}", "physical_uri": "/"}


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/history/12-the-truth-about-trotsky.html", {}, ("product", 12)),
        ("/history/12-the-truth-about-trotsky-9780000000002.html", {}, ("product", 12)),
        ("/12-the-truth.html", {}, ("product", 12)),
        ("/en/history/12-the-truth.html", {}, ("product", 12)),
        ("/fr/12-la-verite.html", {}, ("product", 12)),
        ("/livre/12/the-truth", {}, ("product", 12)),
        ("/3-books", {}, ("category", 3)),
        ("/en/3-books", {}, ("category", 3)),
        ("/3-books/author-goldman", {}, ("category", 3)),
        ("/5_penguin-books", {}, ("manufacturer", 5)),
        ("/content/4-about-us", {}, ("cms", 4)),
        ("/123-large_default/the-truth.jpg", {}, ("image", 123)),
        ("/12-123-home/the-truth.jpg", {}, ("image", 123)),
        ("/index.php", {"controller": "product", "id_product": "12"}, ("product", 12)),
        ("/index.php", {"id_category": "3", "controller": "category"}, ("category", 3)),
        ("/en/index.php", {"controller": "cms", "id_cms": "4"}, ("cms", 4)),
        ("/index.php", {"controller": "product", "id_product": "x"}, None),
        ("/index.php", {"controller": "order"}, None),
        ("/products/12-the-truth/", {}, None),
        ("/category/books/", {}, None),
        ("/search/", {}, None),
    ],
)
def test_old_urls_give_their_kind_and_id(path, query, expected):
    assert match(path, query, CUSTOM) == expected


def test_a_shop_in_a_folder_is_matched_below_it():
    saved = {"physical_uri": "/shop/"}
    assert match("/shop/12-x.html", {}, saved) == ("product", 12)


def test_rule_keywords_with_prefix_and_suffix_are_optional():
    regex = rule_regex("{categories:/}{id}-{rewrite}{-:ean13}.html")
    assert regex.fullmatch("a/b/7-x-9780000000002.html")["id"] == "7"
    assert regex.fullmatch("7-x.html")["id"] == "7"

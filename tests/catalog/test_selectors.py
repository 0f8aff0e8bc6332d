from datetime import timedelta

import pytest
from django.utils import timezone

from catalog import search_results, selectors
from catalog.models import Credit
from tests.factories import (
    make_category,
    make_contributor,
    make_product,
    make_publisher,
)

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def titles(products):
    return [p.title for p in products]


# New products


def test_new_products_lists_every_new_product_newest_first(settings):
    settings.NEW_PRODUCT_DAYS = 20
    settings.NEW_PRODUCTS_IN_BLOCK = 2
    make_product(title="Week old", date_added=days_ago(7))
    make_product(title="Yesterday", date_added=days_ago(1))
    make_product(title="Fortnight old", date_added=days_ago(14))
    make_product(title="Last year", date_added=days_ago(365))

    assert titles(selectors.new_products_queryset()) == [
        "Yesterday",
        "Week old",
        "Fortnight old",
    ]
    assert titles(selectors.new_products_for_block()) == ["Yesterday", "Week old"]


def test_in_a_quiet_month_new_products_fill_with_the_most_recent(settings):
    settings.NEW_PRODUCT_DAYS = 20
    settings.NEW_PRODUCTS_IN_BLOCK = 3
    make_product(title="Last month", date_added=days_ago(40))
    make_product(title="Last week", date_added=days_ago(7))
    make_product(title="Last year", date_added=days_ago(365))
    make_product(title="Two years ago", date_added=days_ago(730))

    expected = ["Last week", "Last month", "Last year"]
    assert titles(selectors.new_products_queryset()) == expected
    assert titles(selectors.new_products_for_block()) == expected


def test_new_products_leave_out_unpublished_products():
    make_product(title="Draft", is_published=False)
    make_product(title="On sale", date_added=days_ago(300))
    assert titles(selectors.new_products_for_block()) == ["On sale"]
    assert titles(selectors.new_products_queryset()) == ["On sale"]


# Sorting


def test_sorting_by_each_choice_and_unknown_sort_falls_back_to_newest():
    make_product(title="Beta", price="5.00", date_added=days_ago(3))
    make_product(title="Alpha", price="9.00", date_added=days_ago(2))
    make_product(title="Gamma", price="1.00", date_added=days_ago(1))
    base = selectors.product_list_queryset()

    def order(sort):
        queryset, used = selectors.sorted_products(base, sort)
        return used, titles(queryset)

    assert order("newest") == ("newest", ["Gamma", "Alpha", "Beta"])
    assert order("title") == ("title", ["Alpha", "Beta", "Gamma"])
    assert order("price") == ("price", ["Gamma", "Beta", "Alpha"])
    assert order("-price") == ("-price", ["Alpha", "Beta", "Gamma"])
    assert order("'; DROP TABLE catalog_product; --") == (
        "newest",
        ["Gamma", "Alpha", "Beta"],
    )
    assert order(None)[0] == "newest"


# Categories, publishers, contributors


def test_category_holds_its_subcategories_products_once_each():
    books = make_category(name="Books")
    history = make_category(name="History", parent=books)
    britain = make_category(name="Britain", parent=history)
    badges = make_category(name="Badges")
    make_product(title="In books", categories=[books])
    make_product(title="In britain and books", categories=[britain, books])
    make_product(title="A badge", categories=[badges])
    make_product(title="Hidden", categories=[history], is_published=False)

    assert sorted(titles(selectors.products_in_category(books))) == [
        "In books",
        "In britain and books",
    ]
    assert titles(selectors.products_in_category(history)) == ["In britain and books"]
    assert titles(selectors.products_in_category(badges)) == ["A badge"]


def test_contributor_with_two_roles_lists_the_product_once():
    someone = make_contributor(name="Silvia Federici")
    product = make_product(title="Patriarchy of the wage", authors=[someone])
    Credit.objects.create(
        product=product, contributor=someone, role=Credit.Role.EDITOR, position=1
    )
    make_product(title="Someone else's")
    assert titles(selectors.products_of_contributor(someone)) == [
        "Patriarchy of the wage"
    ]


def test_more_from_publisher_shows_others_of_the_same_publisher_only():
    pm = make_publisher(name="PM Press")
    product = make_product(title="This one", publisher=pm)
    make_product(title="Sibling", publisher=pm)
    make_product(title="Draft sibling", publisher=pm, is_published=False)
    make_product(title="Other publisher", publisher=make_publisher())
    assert titles(selectors.more_from_publisher(product)) == ["Sibling"]
    assert selectors.more_from_publisher(make_product(title="No publisher")) == []


# Search


@pytest.fixture
def shelf():
    berneri = make_contributor(name="Marie Louise Berneri")
    freedom = make_publisher(name="Freedom Press", short_name="Freedom")
    return {
        "trotsky": make_product(
            title="The Truth about Trotsky",
            description="The real nature of Trotsky's role in the revolution.",
        ),
        "stalin": make_product(
            title="Workers in Stalin's Russia",
            authors=[berneri],
            publisher=freedom,
            isbn="9780306406157",
            description="Berneri on Stalin, and on Trotsky too.",
        ),
        "kropotkin": make_product(
            title="Memoirs of a Revolutionist", publisher=freedom
        ),
        "hidden": make_product(title="Trotsky drafts", is_published=False),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Trotsky", ["The Truth about Trotsky", "Workers in Stalin's Russia"]),
        ("berneri", ["Workers in Stalin's Russia"]),
        ("Freedom Press", ["Memoirs of a Revolutionist", "Workers in Stalin's Russia"]),
        ("978-0-306-40615-7", ["Workers in Stalin's Russia"]),
        ("9780306406157", ["Workers in Stalin's Russia"]),
        ("0-306-40615-2", ["Workers in Stalin's Russia"]),
        ("truth trotsky", ["The Truth about Trotsky"]),
        ("real nature", ["The Truth about Trotsky"]),
        ("%", []),
        ("_", []),
        ("", []),
        ("   ", []),
    ],
)
def test_search_finds_by_title_contributor_publisher_isbn_and_description(
    shelf, query, expected
):
    found = titles(search_results.search_products(query))
    if query == "Freedom Press":
        found = sorted(found)
    assert found == expected


def test_search_ranks_a_title_match_above_a_description_match(shelf):
    results = list(search_results.search_products("trotsky"))
    assert results[0].title == "The Truth about Trotsky"
    assert results[0].score > results[1].score > 0


def test_search_ranks_a_title_match_first_whatever_its_accents_and_case():
    make_product(title="Notes", description="On Émile.", date_added=days_ago(0))
    make_product(title="ÉMILE", date_added=days_ago(30))
    assert titles(search_results.search_products("emile")) == ["ÉMILE", "Notes"]
    assert titles(search_results.search_products("Émile")) == ["ÉMILE", "Notes"]


def test_search_ranks_an_exact_title_first():
    make_product(title="Anarchy in practice", date_added=days_ago(1))
    make_product(title="Anarchy", date_added=days_ago(30))
    make_product(title="Notes", description="On anarchy.", date_added=days_ago(0))
    assert titles(search_results.search_products("anarchy")) == [
        "Anarchy",
        "Anarchy in practice",
        "Notes",
    ]


def test_search_query_is_trimmed_and_capped():
    assert search_results.clean_search_query("  the   truth \n") == "the truth"
    assert (
        len(search_results.clean_search_query("x" * 1000))
        == search_results.SEARCH_MAX_LENGTH
    )
    assert search_results.clean_search_query(None) == ""


def test_cards_read_with_their_credits_show_the_bylines_the_products_have():
    press = make_publisher(name="Freedom Press", short_name="Freedom")
    two = make_product(
        title="Two authors", authors=["Emma Goldman", "Alexander Berkman"]
    )
    edited = make_product(title="Edited", publisher=press, year=2021)
    Credit.objects.create(
        product=edited,
        contributor=make_contributor(name="Colin Ward"),
        role=Credit.Role.EDITOR,
    )
    bare = make_product(title="No one", publisher=press, year=2020)
    cards = selectors.products_for_cards([two.pk, edited.pk, bare.pk])
    assert cards[two.pk].short_byline.startswith(
        "by Emma Goldman and Alexander Berkman"
    )
    assert cards[edited.pk].short_byline == "by Colin Ward, Freedom 2021"
    assert cards[bare.pk].short_byline == "Freedom, 2020"
    assert sorted(cards) == sorted([two.pk, edited.pk, bare.pk])

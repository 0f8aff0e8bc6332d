"""Search stays bounded as the catalogue grows: what it ranks, lists and reads.

On SQLite (FTS5) and on PostgreSQL in CI, like tests/catalog/test_search.py.
"""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import search, search_results
from tests.factories import make_contributor, make_product

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:catalog_product_changelist")


def test_a_word_in_more_products_than_the_caps_lists_title_matches_first(
    client, monkeypatch
):
    monkeypatch.setattr(search, "RANKED", 2)
    monkeypatch.setattr(search, "MATCHED", 3)
    for n in range(4):
        make_product(title=f"General strike {n}", description="Leaflets.")
    for n in range(6):  # newer, but the word only in the descriptions
        make_product(title=f"Pamphlet {n}", description="On the general strike.")

    response = client.get("/search/", {"q": "strike"})

    listed = [p.title for p in response.context["products"]]
    # The newest two title matches, ranked; then the newest three others.
    assert listed == [
        "General strike 3",
        "General strike 2",
        "Pamphlet 5",
        "Pamphlet 4",
        "Pamphlet 3",
    ]
    assert response.context["page_obj"].paginator.count == 5


def test_a_title_match_outranks_newer_description_matches_in_every_sort_of_query():
    make_product(title="Mutual Aid", description="A factor of evolution.")
    for n in range(3):
        make_product(title=f"Essay {n}", description="Mutual aid in practice.")
    found = list(search_results.search_products("mutual aid"))
    assert found[0].title == "Mutual Aid"
    assert found[0].score > found[1].score == 1
    assert sorted(p.title for p in found[1:]) == ["Essay 0", "Essay 1", "Essay 2"]


def test_a_word_inside_a_title_word_is_found_but_not_inside_a_description_word():
    make_product(title="The Truth about Trotsky")
    make_product(title="Notes", description="Many trotskyists wrote.")
    assert [p.title for p in search_results.search_products("otsky")] == [
        "The Truth about Trotsky"
    ]
    # A description word is found by its start.
    assert [p.title for p in search_results.search_products("trotskyi")] == ["Notes"]


def test_a_word_is_found_as_the_start_of_description_words_when_few_have_it_whole(
    monkeypatch,
):
    monkeypatch.setattr(search, "MATCHED", 3)
    make_product(title="Notes 1", description="A revolutionary pamphlet.")
    make_product(title="Notes 2", description="The revolution, told again.")
    make_product(title="Notes 3", description="Revolutionaries of 1848.")
    # Two have "revolution" whole, fewer than the three listed: the starts of
    # words count too, as they always have.
    found = [p.title for p in search_results.search_products("revolution")]
    assert found == ["Notes 3", "Notes 2", "Notes 1"]


def test_when_the_whole_word_fills_the_list_its_newest_matches_are_listed(
    monkeypatch,
):
    monkeypatch.setattr(search, "MATCHED", 2)
    for n in range(3):
        make_product(title=f"Notes {n}", description="The revolution, told again.")
    make_product(title="Newest", description="A revolutionary pamphlet.")
    found = [p.title for p in search_results.search_products("revolution")]
    if connection.vendor == "sqlite":
        # Whole-word matches fill the list, so FTS5 is not asked for the
        # words starting so (it would list all of those before stopping):
        # the newest with the whole word.
        assert found == ["Notes 2", "Notes 1"]
    else:  # PostgreSQL's index walk stops at the limit either way
        assert found == ["Newest", "Notes 2"]


def test_a_short_word_beside_a_long_one_narrows_the_title_matches():
    make_product(title="General strike", description="The 1926 strike, UK wide.")
    make_product(title="Miners' strike", description="Pits and picket lines.")
    make_product(title="Notes", description="On the uk strike.")
    found = [p.title for p in search_results.search_products("uk strike")]
    # "uk" is in the first's and the third's descriptions (a word): the title
    # match ranks first.
    assert found == ["General strike", "Notes"]


def test_a_possessive_is_found_as_written_not_as_any_word_after_the_name():
    make_product(title="Notes 1", description="Stalin's purges.")
    make_product(title="Notes 2", description="Stalin said nothing.")
    found = [p.title for p in search_results.search_products("stalin's")]
    assert found == ["Notes 1"]


def titles_listed(response):
    return [p.title for p in response.context["cl"].result_list]


def test_admin_search_finds_drafts_by_title_and_name_but_not_by_description(
    admin_client,
):
    make_product(title="Draft on syndicalism", is_published=False)
    make_product(title="Bread", authors=[make_contributor(name="Syndicalist Group")])
    make_product(title="Other", description="All about syndicalism.")
    listed = titles_listed(admin_client.get(CHANGELIST, {"q": "syndical"}))
    assert sorted(listed) == ["Bread", "Draft on syndicalism"]


def test_admin_search_runs_the_same_queries_for_5_and_60_matches(admin_client):
    for n in range(5):
        make_product(title=f"Strike bulletin {n}")
    admin_client.get(CHANGELIST, {"q": "strike"})  # warm the session
    with CaptureQueriesContext(connection) as few:
        response = admin_client.get(CHANGELIST, {"q": "strike"})
    assert len(titles_listed(response)) == 5
    for n in range(5, 60):
        make_product(title=f"Strike bulletin {n}")
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(CHANGELIST, {"q": "strike"})
    assert len(titles_listed(response)) == 50  # a page of them
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_admin_list_counts_up_to_its_limit_and_says_there_are_more(
    admin_client, monkeypatch
):
    from catalog import admin as catalog_admin

    monkeypatch.setattr(catalog_admin, "ADMIN_COUNT_LIMIT", 3)
    monkeypatch.setattr(catalog_admin.ProductAdmin, "list_per_page", 2)
    for n in range(5):
        make_product(title=f"Calendar {n}", format="calendar")
    response = admin_client.get(CHANGELIST, {"format__exact": "calendar"})
    assert titles_listed(response) == ["Calendar 4", "Calendar 3"]
    assert "3+ products" in " ".join(response.content.decode().split())
    response = admin_client.get(CHANGELIST, {"format__exact": "book"})
    assert "0 products" in " ".join(response.content.decode().split())


# Committed for real: the catalogue version goes up after a commit.
@pytest.mark.django_db(transaction=True)
def test_the_same_words_again_skip_the_index_until_the_catalogue_changes(client):
    make_product(title="Strike one")
    client.get("/search/", {"q": "strike"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "Strike", "sort": "title"})
    assert [p.title for p in response.context["products"]] == ["Strike one"]
    assert not [q for q in queries.captured_queries if "searchdocument" in q["sql"]]

    make_product(title="Strike two")
    response = client.get("/search/", {"q": "Strike", "sort": "title"})
    assert [p.title for p in response.context["products"]] == [
        "Strike one",
        "Strike two",
    ]


def test_a_misspelling_put_right_once_is_put_right_again_from_the_cache(client):
    make_product(title="The Conquest of Bread")
    first = client.get("/search/", {"q": "conquest of bred"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/search/", {"q": "conquest of bred", "page": "1"})
    assert first.context["suggestion"] == again.context["suggestion"]
    assert again.context["suggestion"] == "conquest of bread"
    assert [p.title for p in again.context["products"]] == ["The Conquest of Bread"]
    assert not [q for q in queries.captured_queries if "searchword" in q["sql"]]


def test_a_product_with_more_names_than_the_title_index_holds_is_saved_and_found():
    # Forty 192-letter names that do not compress: past what PostgreSQL's
    # index of titles and names takes in one entry. The product saves, its
    # title ranks, and a name past the cap is still found as a word.
    names = [
        "".join(hashlib.sha256(f"{n}-{i}".encode()).hexdigest() for i in range(3))
        for n in range(40)
    ]
    product = make_product(title="Collected letters", authors=names)
    assert [p.pk for p in search_results.search_products("collected")] == [product.pk]
    late = names[-1]
    assert [p.pk for p in search_results.search_products(late)] == [product.pk]

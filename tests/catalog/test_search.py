"""Search that forgives misspellings, on whichever database the suite runs.

The suite runs on SQLite (FTS5) and again on PostgreSQL (pg_trgm and full-text
search) in CI, so every test here shows the same behaviour on both.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from catalog import search_results, spelling
from catalog.models import Credit, Product, SearchDocument, SearchWord
from tests.factories import make_contributor, make_product, make_publisher

pytestmark = pytest.mark.django_db


def main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def result_titles(response):
    return [p.title for p in response.context["products"]]


@pytest.fixture
def shelf():
    acg = make_contributor(name="Anarchist Communist Group")
    kropotkin = make_contributor(name="Peter Kropotkin")
    freedom = make_publisher(name="Freedom Press")
    return {
        "trotsky": make_product(title="The Truth about Trotsky", authors=[acg]),
        "memoirs": make_product(
            title="Memoirs of a Revolutionist", authors=[kropotkin], publisher=freedom
        ),
        "bread": make_product(
            title="The Conquest of Bread", authors=[kropotkin], publisher=freedom
        ),
        "other": make_product(title="Workers in Stalin's Russia", publisher=freedom),
    }


def test_a_misspelled_title_word_finds_the_book_and_says_did_you_mean(client, shelf):
    response = client.get("/search/", {"q": "trotksy"})
    page = main(response)
    assert response.status_code == 200
    assert "Did you mean" in page
    assert 'href="/search/?q=trotsky"' in page
    assert result_titles(response) == ["The Truth about Trotsky"]
    assert "Nothing matched. Try fewer words" not in page


def test_a_misspelled_author_finds_their_books(client, shelf):
    response = client.get("/search/", {"q": "kropotkn"})
    assert response.context["suggestion"] == "kropotkin"
    assert sorted(result_titles(response)) == [
        "Memoirs of a Revolutionist",
        "The Conquest of Bread",
    ]


def test_a_misspelling_among_right_words_is_put_right_alone(client, shelf):
    response = client.get("/search/", {"q": "conquest of bred"})
    assert response.context["suggestion"] == "conquest of bread"
    assert result_titles(response) == ["The Conquest of Bread"]


def test_the_best_match_comes_first_for_a_corrected_query(client, shelf):
    make_product(title="Kropotkin", publisher=shelf["memoirs"].publisher)
    response = client.get("/search/", {"q": "kropotkn"})
    assert result_titles(response)[0] == "Kropotkin"


def test_an_exact_match_offers_no_correction(client, shelf):
    response = client.get("/search/", {"q": "trotsky"})
    assert response.context["suggestion"] is None
    assert "Did you mean" not in main(response)
    assert result_titles(response) == ["The Truth about Trotsky"]


def test_nonsense_finds_nothing_and_suggests_nothing(client, shelf):
    response = client.get("/search/", {"q": "xqzvw"})
    assert response.context["suggestion"] is None
    assert "Nothing matched" in main(response)
    assert "Did you mean" not in main(response)


def test_accents_and_case_do_not_matter(client):
    make_product(title="Élisée Reclus on Anarchy")
    assert result_titles(client.get("/search/", {"q": "ELISEE"})) == [
        "Élisée Reclus on Anarchy"
    ]
    assert result_titles(client.get("/search/", {"q": "élisée"})) == [
        "Élisée Reclus on Anarchy"
    ]


def test_unpublished_products_are_never_found_or_suggested(client):
    make_product(title="Secret draft on syndicalism", is_published=False)
    response = client.get("/search/", {"q": "syndicalsm"})
    assert result_titles(response) == []
    assert response.context["suggestion"] is None


def test_the_search_text_follows_edits_to_products_names_and_credits(shelf):
    trotsky = shelf["trotsky"]
    trotsky.title = "Trotsky Reconsidered"
    trotsky.save()
    assert [p.title for p in search_results.search_products("reconsidered")] == [
        "Trotsky Reconsidered"
    ]
    assert not search_results.search_products("truth")

    acg = trotsky.credits.get().contributor
    acg.name = "Anarchist Federation"
    acg.save()
    assert list(search_results.search_products("federation")) == [trotsky]

    Credit.objects.filter(product=trotsky).delete()
    assert not search_results.search_products("federation")

    freedom = shelf["memoirs"].publisher
    freedom.name = "Freedom Collective"
    freedom.save()
    assert len(search_results.search_products("collective")) == 3

    shelf["bread"].delete()
    assert not SearchDocument.objects.filter(product_id=shelf["bread"].pk).exists()
    assert SearchWord.objects.filter(word="reconsidered").exists()


def test_reindex_search_writes_text_for_products_made_in_bulk():
    Product.objects.bulk_create(
        [Product(title="Mutual Aid", slug="mutual-aid", price=5)]
    )
    assert not search_results.search_products("mutual")
    call_command("reindex_search", verbosity=0)
    assert [p.title for p in search_results.search_products("mutual aid")] == [
        "Mutual Aid"
    ]
    assert search_results.search_suggestion("mutal") == "mutual"


def test_the_database_index_answers_the_match():
    make_product(title="The Truth about Trotsky")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM catalog_searchdocument_fts "
                "WHERE catalog_searchdocument_fts MATCH %s",
                ['"trotsky"'],
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname IN "
                "('catalog_searchdocument_trgm', 'catalog_searchdocument_body', "
                "'catalog_searchword_trgm')"
            )
            assert cursor.fetchone()[0] == 3
            cursor.execute(
                "SELECT count(*) FROM catalog_searchword WHERE word %% %s",
                ["trotksy"],
            )
        assert cursor.fetchone()[0] == 1


def test_similarity_counts_trigrams_as_pg_trgm_does():
    assert spelling.similarity("trotsky", "trotsky") == 1
    assert spelling.similarity("trotksy", "trotsky") == pytest.approx(4 / 12)
    assert spelling.similarity("abc", "xyz") == 0

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from catalog import imports, search_results
from catalog.forms import ProductRowForm, clean_row
from catalog.models import Category, Contributor, Product, Publisher
from tests.factories import make_product

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "products-example.csv"
HEADER = "title,authors,publisher,format,isbn,price,stock,categories"


def run(path, *args):
    """Run import_products; return (stdout, stderr, whether it failed)."""
    out, err = io.StringIO(), io.StringIO()
    failed = False
    try:
        call_command("import_products", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        failed = True
        err.write(str(error))
    return out.getvalue(), err.getvalue(), failed


def write(tmp_path, text, name="products.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_file_imports_with_authors_categories_and_publishers():
    out, err, failed = run(EXAMPLE)
    assert not failed, err
    assert "4 rows imported (4 new, 0 updated), 0 skipped." in out
    strike = Product.objects.get(title="An Example Strike")
    assert strike.short_byline == "by Jane Doe and John Smith, ERHG 2021"
    assert strike.byline == "48 page booklet by Jane Doe and John Smith, 2021"
    assert sorted(str(c) for c in strike.categories.all()) == [
        "Books › History",
        "Pamphlets",
    ]
    voices = Product.objects.get(title="Voices from an Example Picket Line")
    assert voices.isbn == "9780306406157"
    assert voices.byline == "240 page book edited by Sam Editor, 2020"
    assert (voices.price, voices.stock, voices.allow_backorder) == (
        Decimal("12.99"),
        0,
        True,
    )
    assert str(voices.categories.get()) == "Books › History › Labour"
    anarchy = Product.objects.get(slug="anarchy-in-action")
    assert anarchy.description.split("\n\n")[1].startswith("A second paragraph")
    calendar = Product.objects.get(title="A Calendar of Example Resistance")
    assert calendar.is_published and calendar.publisher is None
    assert Category.objects.filter(name="History").count() == 1


def test_bad_rows_are_reported_by_line_number_and_skipped_whole(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "\n"
        + "Good One,Ann Author,Good Press,booklet,,3.00,5,Pamphlets\n"  # line 2
        + "Cheap,New Author,Never Press,book,,-1.00,5,Ghosts\n"  # line 3
        + "Bad ISBN,,,book,0-306-40615-3,4.00,5,\n"  # line 4
        + "\n"  # line 5, blank: ignored
        + 'Bad Format,,,scroll,,4.00,5,"Books\n> History"\n'  # lines 6-7
        + "Half Stock,,,book,,4.00,2.5,\n"  # line 8
        + "No Price,,,book,,,5,\n"  # line 9
        + "Too Many,,,book,,4.00,5,,extra\n"  # line 10
        + "Good Two,Ann Author; Bo Writer,,,,£5.00,0,Books > History\n",  # line 11
    )
    out, err, failed = run(path)
    assert failed
    assert "2 rows imported (2 new, 0 updated), 6 skipped." in out
    lines = [line for line in err.splitlines() if "(row skipped)" in line]
    assert [line.split(":")[0] for line in lines] == [
        f"{path}, line 3",
        f"{path}, line 4",
        f"{path}, line 6",
        f"{path}, line 8",
        f"{path}, line 9",
        f"{path}, line 10",
    ]
    assert "price: Ensure this value is greater than or equal to 0." in lines[0]
    assert "isbn: “0-306-40615-3” is not a valid ISBN" in lines[1]
    assert "format: “scroll” is not a format" in lines[2]
    assert "stock: Enter a whole number." in lines[3]
    assert "a new product needs price" in lines[4]
    assert "9 cells, but the header names 8 columns" in lines[5]
    assert "6 rows failed" in err
    assert sorted(Product.objects.values_list("title", flat=True)) == [
        "Good One",
        "Good Two",
    ]
    # Nothing of a skipped row is left behind.
    assert not Publisher.objects.filter(name="Never Press").exists()
    assert not Contributor.objects.filter(name="New Author").exists()
    assert not Category.objects.filter(name="Ghosts").exists()
    good_two = Product.objects.get(title="Good Two")
    assert good_two.short_byline == "by Ann Author and Bo Writer"
    assert good_two.price == Decimal("5.00")


def test_rows_with_an_existing_slug_or_isbn_update_that_product(tmp_path):
    by_slug = make_product(title="Old Title", slug="kept-slug", price=Decimal("4.00"))
    by_isbn = make_product(
        title="Found by ISBN", isbn="9780306406157", stock=1, year=2001
    )
    path = write(
        tmp_path,
        "slug,title,isbn,price,stock\n"
        "kept-slug,New Title,,6.50,\n"
        ",Found by ISBN again,0-306-40615-2,,9\n"
        "kept-slug,,,,\n",
    )
    out, err, failed = run(path)
    assert not failed, err
    assert "3 rows imported (0 new, 3 updated)" in out
    by_slug.refresh_from_db()
    by_isbn.refresh_from_db()
    assert (by_slug.title, by_slug.price, by_slug.stock) == (
        "New Title",
        Decimal("6.50"),
        10,  # empty stock cell: kept
    )
    assert (by_isbn.title, by_isbn.stock) == ("Found by ISBN again", 9)
    assert by_isbn.year == 2001  # no year column: kept
    assert by_isbn.price == Decimal("4.00")  # empty price cell: kept
    assert Product.objects.count() == 2


def test_a_row_whose_slug_and_isbn_name_different_products_is_refused(tmp_path):
    make_product(slug="one")
    make_product(slug="two", isbn="9780306406157")
    path = write(tmp_path, "slug,isbn,price\none,9780306406157,1.00\n")
    out, err, failed = run(path)
    assert failed
    assert "line 2: the slug “one” is" in err
    assert Product.objects.get(slug="one").price == Decimal("4.00")


def test_dry_run_reports_but_saves_nothing(tmp_path):
    out, err, failed = run(EXAMPLE, "--dry-run")
    assert not failed, err
    assert "Dry run, nothing saved: 4 rows imported (4 new, 0 updated)" in out
    assert not Product.objects.exists()
    assert not Publisher.objects.exists()
    assert not Category.objects.exists()

    path = write(tmp_path, HEADER + "\nBad,,,book,,-2,1,\n")
    out, err, failed = run(path, "--dry-run")
    assert failed
    assert "line 2: price" in err
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("title,prcie\nA,1.00\n", "Unknown column(s): 'prcie'"),
        ("", "The file is empty"),
        ("price,stock\n1.00,2\n", "needs a slug, title or isbn column"),
    ],
)
def test_a_file_that_cannot_be_read_stops_before_saving(tmp_path, content, message):
    out, err, failed = run(write(tmp_path, content))
    assert failed
    assert message in err
    assert not Product.objects.exists()


def test_missing_and_non_utf8_files_are_clear_errors(tmp_path):
    assert "No such file" in run(tmp_path / "nope.csv")[1]
    path = tmp_path / "latin1.csv"
    path.write_bytes("title,price\nCaf\xe9,1.00\n".encode("latin-1"))
    out, err, failed = run(path)
    assert failed and "is not UTF-8" in err
    assert not Product.objects.exists()


def test_the_readme_links_staff_to_the_import_guide_and_its_example():
    root = EXAMPLE.parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)\)", readme)
    assert "docs/import_products.md" in links
    assert "docs/products-example.csv" in links
    for link in links:
        if "://" not in link:
            assert (root / link).is_file(), f"README links to a missing {link}"


def test_a_progress_bar_counts_the_lines_up_to_the_whole_file(tmp_path):
    rows = "".join(f"Pamphlet {n},1.50,3\n" for n in range(5))
    path = write(tmp_path, "title,price,stock\n" + rows)
    out, err, failed = run(path, "--progress")
    assert not failed
    assert "5 rows imported" in out
    assert "100% 6 of 6 lines" in err


# Batches -----------------------------------------------------------------


def import_text(text, *, batch_size):
    """Import CSV text with batches of ``batch_size`` rows; return the report."""
    return imports.import_products(io.StringIO(text, newline=""), batch_size=batch_size)


def test_a_bad_row_in_the_middle_of_a_batch_skips_only_that_row():
    rows = [f"Pamphlet {n},Writer {n},{n}.50,3,Pamphlets\n" for n in range(7)]
    rows[3] = "Pamphlet 3,Writer 3,-1,3,Ghosts\n"  # line 5, in the second batch
    report = import_text(
        "title,authors,price,stock,categories\n" + "".join(rows), batch_size=5
    )
    assert (report.created, report.updated) == (6, 0)
    assert report.errors == [
        (5, "price: Ensure this value is greater than or equal to 0.")
    ]
    assert Product.objects.count() == 6
    assert not Product.objects.filter(title="Pamphlet 3").exists()
    assert not Contributor.objects.filter(name="Writer 3").exists()
    assert not Category.objects.filter(name="Ghosts").exists()
    six = Product.objects.get(title="Pamphlet 6")
    assert (six.price, six.short_byline) == (Decimal("6.50"), "by Writer 6")
    assert [str(c) for c in six.categories.all()] == ["Pamphlets"]


def test_a_rerun_updates_the_rows_it_made_and_search_finds_the_new_text(client):
    header = "title,authors,publisher,price,stock,categories\n"
    first = "".join(
        f"Pamphlet {n},Old Writer,Old Press,1.00,5,Pamphlets\n" for n in range(6)
    )
    assert import_text(header + first, batch_size=4).created == 6
    again = "".join(
        f"Pamphlet {n},Rosa Newname; Old Writer,New Press,2.{n}0,{n},Books > History\n"
        for n in range(6)
    )
    report = import_text(header + again, batch_size=4)
    assert (report.created, report.updated, report.errors) == (0, 6, [])
    assert Product.objects.count() == 6
    four = Product.objects.get(title="Pamphlet 4")
    assert (four.price, four.stock) == (Decimal("2.40"), 4)
    assert four.short_byline == "by Rosa Newname and Old Writer, New Press"
    assert [str(c) for c in four.categories.all()] == ["Books › History"]
    assert Contributor.objects.filter(name="Old Writer").count() == 1
    page = client.get("/search/", {"q": "newname"}).content.decode()
    assert "Pamphlet 4" in page and "Pamphlet 5" in page
    assert client.get("/search/", {"q": "Pamphlet"}).status_code == 200


@pytest.mark.parametrize("batch_size", [1000, 2])
def test_a_product_named_twice_in_the_file_is_made_once_then_updated(batch_size):
    report = import_text(
        "title,authors,price,stock,categories\n"
        "Mutual Aid,Peter Kropotkin,5.00,3,Books\n"
        "Another,Someone Else,1.00,1,\n"
        "Mutual Aid,Kropotkin Editions; Peter Kropotkin,6.00,,Books > Classics\n",
        batch_size=batch_size,
    )
    assert (report.created, report.updated, report.errors) == (2, 1, [])
    aid = Product.objects.get(title="Mutual Aid")
    assert (aid.price, aid.stock) == (Decimal("6.00"), 3)  # empty stock: kept
    assert aid.short_byline == "by Kropotkin Editions and Peter Kropotkin"
    assert [str(c) for c in aid.categories.all()] == ["Books › Classics"]
    assert list(search_results.search_products("kropotkin")) == [aid]


def test_rows_are_checked_as_the_row_form_checks_them():
    rows = [
        {"title": " A title ", "price": "£1,200.50", "isbn": "0-306-40615-2"},
        {"price": "1.005", "stock": "-1", "format": "Scroll", "year": "99"},
        {"published": "maybe", "categories": "Books >  > History", "slug": "a b"},
        {"authors": "x" * 201, "format": " ZINE ", "description": "  two\n\n  "},
    ]
    for data in rows:
        form = ProductRowForm(data=data)
        valid = form.is_valid()
        cleaned, errors = clean_row(data)
        assert errors == {
            name: list(messages) for name, messages in form.errors.items()
        }
        if valid:
            assert cleaned == {name: form.cleaned_data[name] for name in data}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite does not hold text to its length; CI's PostgreSQL pass runs this",
)
def test_a_row_the_database_refuses_is_found_in_its_batch_and_skipped_whole():
    # "ﬀ" (one letter) becomes "ff" in the slug: 200 of them make a slug of
    # 400 letters, which PostgreSQL refuses although the title fits.
    rows = [f"Pamphlet {n},Writer {n},1.00\n" for n in range(9)]
    rows[6] = f"{'ﬀ' * 200},Ligature Writer,1.00\n"  # line 8
    report = import_text("title,authors,price\n" + "".join(rows), batch_size=5)
    assert report.created == 8
    assert [line for line, _ in report.errors] == [8]
    assert "the database refused it" in report.errors[0][1]
    assert not Contributor.objects.filter(name="Ligature Writer").exists()
    assert Product.objects.get(title="Pamphlet 8").short_byline == "by Writer 8"
    assert search_results.search_products("writer 5")

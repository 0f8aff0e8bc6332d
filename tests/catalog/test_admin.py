import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Category, Product
from tests.factories import (
    image_bytes,
    make_category,
    make_contributor,
    make_cover,
    make_product,
    make_publisher,
    png_bomb_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:catalog_product_changelist")
ADD = reverse("admin:catalog_product_add")


def change_url(product):
    return reverse("admin:catalog_product_change", args=[product.pk])


def titles_listed(response):
    return [p.title for p in response.context["cl"].result_list]


def product_form_data(**overrides):
    """Return what the admin's product form posts, with its inline formsets."""
    data = {
        "title": "Anarchy in Action",
        "subtitle": "",
        "slug": "anarchy-in-action",
        "format": "book",
        "page_count": "",
        "publisher": "",
        "year": "2021",
        "isbn": "",
        "price": "9.99",
        "stock": "4",
        "weight_grams": "350",
        "is_published": "on",
        "date_added_0": "2021-06-01",
        "date_added_1": "10:00:00",
        "short_description": "",
        "description": "",
        "cover_alt": "",
    }
    for prefix in ("credits", "images"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | overrides


def test_changelist_shows_thumbnail_title_byline_price_and_stock(admin_client):
    acg = make_contributor(
        name="Anarchist Communist Group", is_organisation=True, byline_article="the"
    )
    make_product(
        title="The Truth about Trotsky",
        page_count=80,
        year=2021,
        authors=[acg],
        price=Decimal("3.00"),
        stock=7,
        cover=make_cover(),
    )
    response = admin_client.get(CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The Truth about Trotsky" in html
    assert "80 page booklet by the Anarchist Communist Group, 2021" in html
    assert '<img src="/media/covers/thumbs/cover-png.jpg"' in html
    assert 'value="3.00"' in html
    assert 'value="7"' in html


def _fill_catalogue(count, publisher, category):
    for _ in range(count):
        make_product(
            authors=["Writer", "Another Writer"],
            categories=[category],
            publisher=publisher,
            year=2021,
            cover=make_cover(),
        )


def test_changelist_runs_the_same_queries_for_5_and_50_products(admin_client):
    publisher = make_publisher()
    category = make_category(parent=make_category(name="Books"))
    _fill_catalogue(5, publisher, category)
    admin_client.get(CHANGELIST)  # session and permissions warm up alike
    with CaptureQueriesContext(connection) as five:
        response = admin_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 5
    _fill_catalogue(45, make_publisher(), make_category(parent=category))
    with CaptureQueriesContext(connection) as fifty:
        response = admin_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 50
    assert len(fifty) == len(five), [q["sql"] for q in fifty.captured_queries]
    # Session, user, two counts, the publisher and category filters, the
    # products and their credits: eight with Django 6.1.
    assert len(five) <= 10


@pytest.mark.parametrize(
    "typed", ["978-0-306-40615-7", "9780306406157", "0-306-40615-2", "0306406152"]
)
def test_search_finds_a_product_by_isbn_typed_with_or_without_hyphens(
    admin_client, typed
):
    make_product(title="Found", isbn="9780306406157")
    make_product(title="Other", isbn="9781629638782")
    response = admin_client.get(CHANGELIST, {"q": typed})
    assert titles_listed(response) == ["Found"]


def test_search_finds_by_contributor_name_and_title(admin_client):
    make_product(title="Patriarchy of the wage", authors=["Silvia Federici"])
    make_product(title="Real Education", authors=["David Gribble"])
    assert titles_listed(admin_client.get(CHANGELIST, {"q": "federici"})) == [
        "Patriarchy of the wage"
    ]
    assert titles_listed(admin_client.get(CHANGELIST, {"q": "real educ"})) == [
        "Real Education"
    ]
    make_product(title="Two hands", authors=["Ann Writer", "Bo Writer"])
    assert titles_listed(admin_client.get(CHANGELIST, {"q": "writer"})) == ["Two hands"]


def test_filters_by_publisher_category_format_published_and_stock(admin_client):
    freedom = make_publisher(name="Freedom Press")
    history = make_category(name="History", parent=make_category(name="Books"))
    make_product(title="A", publisher=freedom, stock=0)
    make_product(title="B", categories=[history], format="book", stock=2)
    make_product(title="C", is_published=False, format="calendar", stock=30)

    def listed(**params):
        return sorted(titles_listed(admin_client.get(CHANGELIST, params)))

    assert listed(publisher__id__exact=freedom.pk) == ["A"]
    assert listed(categories__id__exact=history.pk) == ["B"]
    assert listed(format__exact="calendar") == ["C"]
    assert listed(is_published__exact="0") == ["C"]
    assert listed(stock_level="out") == ["A"]
    assert listed(stock_level="low") == ["B"]
    assert listed(stock_level="in") == ["B", "C"]
    response = admin_client.get(CHANGELIST)
    assert "Books › History" in response.content.decode()


def _changelist_post(products, **changes):
    data = {
        "form-TOTAL_FORMS": str(len(products)),
        "form-INITIAL_FORMS": str(len(products)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, product in enumerate(products):
        data |= {
            f"form-{i}-id": str(product.pk),
            f"form-{i}-price": str(product.price),
            f"form-{i}-stock": str(product.stock),
        }
    return data | changes


def test_price_and_stock_are_edited_in_the_list(admin_client):
    first = make_product(title="First", price=Decimal("4.00"), stock=10)
    second = make_product(title="Second", price=Decimal("6.00"), stock=1)
    data = _changelist_post(
        [second, first], **{"form-0-price": "7.50", "form-1-stock": "12"}
    )
    response = admin_client.post(CHANGELIST, data, follow=True)
    assert "2 products were changed successfully." in response.content.decode()
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.price, second.stock) == (Decimal("7.50"), 1)
    assert (first.price, first.stock) == (Decimal("4.00"), 12)


@pytest.mark.parametrize(("field", "value"), [("price", "-1.00"), ("stock", "-3")])
def test_a_negative_price_or_stock_in_the_list_is_refused(admin_client, field, value):
    product = make_product(price=Decimal("4.00"), stock=10)
    response = admin_client.post(
        CHANGELIST, _changelist_post([product], **{f"form-0-{field}": value})
    )
    assert response.status_code == 200
    assert response.context["cl"].formset.errors[0][field]
    product.refresh_from_db()
    assert (product.price, product.stock) == (Decimal("4.00"), 10)


def test_publish_and_unpublish_actions(admin_client):
    draft = make_product(title="Draft", is_published=False)
    live = make_product(title="Live")
    response = admin_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [draft.pk, live.pk]},
        follow=True,
    )
    assert "1 product published. 1 was published already." in (
        response.content.decode()
    )
    assert Product.objects.filter(is_published=True).count() == 2

    response = admin_client.post(
        CHANGELIST,
        {"action": "unpublish", "_selected_action": [draft.pk, live.pk]},
        follow=True,
    )
    assert "2 products unpublished." in response.content.decode()
    assert not Product.objects.published().exists()


def test_staff_adds_a_product_with_credits_cover_and_isbn10(admin_client):
    writer = make_contributor(name="Colin Ward")
    books = make_category(name="Books")
    data = product_form_data(
        isbn="0-306-40615-2",
        cover=make_cover(width=600, height=900),
        categories=[books.pk],
        **{
            "credits-TOTAL_FORMS": "1",
            "credits-0-contributor": str(writer.pk),
            "credits-0-role": "author",
            "credits-0-position": "0",
        },
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    product = Product.objects.get()
    assert product.isbn == "9780306406157"
    assert product.byline == "by Colin Ward, 2021"
    assert list(product.categories.all()) == [books]
    assert product.cover_thumbnail.name.startswith("covers/thumbs/")
    assert product.cover_thumbnail.width == 300


def test_isbn_field_takes_the_hyphenated_and_spaced_forms_its_help_promises(
    admin_client,
):
    page = admin_client.get(ADD).content.decode()
    field = re.search(r'<input[^>]*name="isbn"[^>]*>', page).group(0)
    maxlength = int(re.search(r'maxlength="(\d+)"', field).group(1))
    assert "hyphens allowed" in page
    for typed in ("978-1-904491-00-2", "978 1 904491 00 2"):
        assert len(typed) <= maxlength
        Product.objects.all().delete()
        response = admin_client.post(ADD, product_form_data(isbn=typed))
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert Product.objects.get().isbn == "9781904491002"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("isbn", "0-306-40615-3", "is not a valid ISBN"),
        ("price", "-0.01", "greater than or equal to 0"),
        ("stock", "-1", "greater than or equal to 0"),
        ("cover", "text", "not one or is damaged"),
        ("cover", "bmp", "not one or is damaged"),
        ("cover", "bomb", "too many pixels: at most 25,000,000"),
    ],
)
def test_bad_input_in_the_product_form_is_a_field_error_and_nothing_is_saved(
    admin_client, field, value, message
):
    files = {
        "text": upload("cover.png", b"<html>not a picture</html>", "image/png"),
        "bmp": upload("cover.bmp", image_bytes("BMP"), "image/bmp"),
        "bomb": upload("cover.png", png_bomb_bytes(10_000, 10_000), "image/png"),
    }
    data = product_form_data(**{field: files.get(value, value)})
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert message in response.content.decode()
    assert not Product.objects.exists()


def test_bad_input_when_changing_a_product_leaves_it_as_it_was(admin_client):
    product = make_product(title="Kept", price=Decimal("5.00"), cover=make_cover())
    cover, thumb = product.cover.name, product.cover_thumbnail.name
    data = product_form_data(
        title="Changed",
        slug=product.slug,
        price="6.00",
        cover=upload("bomb.png", png_bomb_bytes(), "image/png"),
    )
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 200
    product.refresh_from_db()
    assert (product.title, product.price) == ("Kept", Decimal("5.00"))
    assert (product.cover.name, product.cover_thumbnail.name) == (cover, thumb)


def test_a_further_image_that_is_not_an_image_is_a_field_error(admin_client):
    data = product_form_data(
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-image": upload("photo.jpg", b"GIF89a but not really"),
            "images-0-alt_text": "Back cover",
            "images-0-position": "0",
        }
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    images = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "images"
    )
    assert "not one or is damaged" in images.errors[0]["image"][0]
    assert not Product.objects.exists()


def test_clearing_the_cover_in_admin_removes_the_thumbnail(admin_client):
    product = make_product(title="Bare", cover=make_cover())
    data = product_form_data(title="Bare", slug=product.slug, **{"cover-clear": "on"})
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert not product.cover
    assert not product.cover_thumbnail


def test_category_admin_lists_paths_and_prepopulates_slugs(admin_client):
    make_category(name="History", parent=make_category(name="Books"))
    response = admin_client.get(reverse("admin:catalog_category_changelist"))
    assert "Books › History" in response.content.decode()
    for model in ("category", "publisher", "contributor", "product"):
        response = admin_client.get(reverse(f"admin:catalog_{model}_add"))
        assert response.status_code == 200
        assert "prepopulated" in response.content.decode()
    assert Category.objects.count() == 2


def test_contributor_autocomplete_for_credits_finds_by_name(admin_client):
    make_contributor(name="Silvia Federici")
    make_contributor(name="Geo Maher")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "feder",
            "app_label": "catalog",
            "model_name": "credit",
            "field_name": "contributor",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Silvia Federici"]

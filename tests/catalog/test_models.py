from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog.isbn import to_isbn13
from catalog.models import Product
from tests.factories import make_contributor, make_product, make_publisher

pytestmark = pytest.mark.django_db


def test_full_byline_is_built_from_the_fields():
    acg = make_contributor(
        name="Anarchist Communist Group", is_organisation=True, byline_article="the"
    )
    product = make_product(
        title="The Truth about Trotsky", page_count=80, year=2021, authors=[acg]
    )
    assert product.byline == "80 page booklet by the Anarchist Communist Group, 2021"


def test_short_byline_uses_the_publishers_short_name():
    brhg = make_publisher(name="Bristol Radical History Group", short_name="BRHG")
    product = make_product(publisher=brhg, year=2021, authors=["Colin Thomas"])
    assert product.short_byline == "by Colin Thomas, BRHG 2021"


@pytest.mark.parametrize(
    ("stock", "backorder", "expected"),
    [(10, False, "In stock"), (3, False, "Only 3 left"), (0, False, "Out of stock")],
)
def test_availability_tells_the_shopper_what_to_expect(stock, backorder, expected):
    product = make_product(stock=stock, allow_backorder=backorder)
    assert product.availability == expected


def test_isbn10_is_stored_as_isbn13():
    assert to_isbn13("0-306-40615-2") == "9780306406157"
    assert to_isbn13("978-0-306-40615-7") == "9780306406157"


@pytest.mark.parametrize(
    "bad", ["0-306-40615-3", "978030640615", "abc", "9790306406157"]
)
def test_invalid_isbn_is_refused(bad):
    with pytest.raises(ValidationError):
        to_isbn13(bad)


def test_full_clean_normalises_the_isbn():
    product = make_product(isbn="0306406152", price=Decimal("1.00"))
    product.full_clean()
    assert product.isbn == "9780306406157"
    assert Product.objects.filter(pk=product.pk).exists()


def test_short_byline_without_an_author_reads_publisher_comma_year():
    dog = make_publisher(name="Dog Section Press")
    product = make_product(publisher=dog, year=2021)
    assert product.short_byline == "Dog Section Press, 2021"


def test_short_byline_says_hardback():
    penguin = make_publisher(name="Penguin")
    product = make_product(
        publisher=penguin, year=2021, authors=["Shon Faye"], format="hardback"
    )
    assert product.short_byline == "by Shon Faye, hardback, Penguin 2021"

"""The public form support groups ask for books with: saved when right; bad
input, spam and floods refused with a message and nothing saved."""

import pytest
from django.core.cache import cache

from outbox.models import Email
from prisoners.models import OfferedBook, PrisonerRequest
from tests.factories import make_product

from .conftest import make_prison

pytestmark = pytest.mark.django_db

URL = "/books-for-prisoners/"
GOOD = {
    "group_name": "Bristol Anarchist Black Cross",
    "group_email": "abc@example.org",
    "prisoner_name": "Leonard Peltier",
    "prisoner_number": "89637-132",
    "prison_name": "hmp example",
    "prison_address": "Prison Road\nExampletown EX1 1XX",
    "titles_wanted": "Assata: An Autobiography",
    "rules_notes": "Paperbacks only",
    "website": "",
}


def offer(*products):
    """Put ``products`` on the scheme's list, in that order."""
    for position, product in enumerate(products):
        OfferedBook.objects.create(product=product, position=position)
    return products


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_a_group_asks_for_books_and_the_request_joins_the_queue(client):
    prison = make_prison(name="HMP Example")
    (book,) = offer(make_product(title="Are Prisons Obsolete?"))
    response = client.post(URL, GOOD | {"wanted": [book.pk]}, follow=True)
    made = PrisonerRequest.objects.get()
    assert response.redirect_chain[-1][0] == f"{URL}thanks/{made.reference}/"
    assert f"Your request’s reference is <strong>{made.reference}</strong>" in (
        response.content.decode()
    )
    assert (made.status, made.source, made.prison) == ("new", "form", prison)
    assert (made.prisoner_name, made.prisoner_number) == (
        "Leonard Peltier",
        "89637-132",
    )
    assert made.prison_address == "Prison Road\nExampletown EX1 1XX"
    assert list(made.wanted.all()) == [book]
    assert Email.objects.get().to == "abc@example.org"


def test_the_form_offers_the_schemes_list_as_checkboxes(client):
    offer(
        make_product(title="Capital", format="hardback"),
        make_product(title="Assata", format="book"),
        make_product(title="Badge", format="badge"),
        make_product(title="Withdrawn", is_published=False),
    )
    make_product(title="Not on the list")
    page = client.get(URL).content.decode()
    assert "<legend>Or choose from our list" in page
    assert page.index("Capital (hardback)") < page.index("Assata")
    assert page.count('type="checkbox" name="wanted"') == 2
    for absent in ("Badge", "Withdrawn", "Not on the list", "Hold Ctrl"):
        assert absent not in page
    assert '<label for="id_prisoner_number">Prisoner number</label>' in page
    response = client.post(URL, GOOD | {"titles_wanted": ""})
    assert response.status_code == 400
    assert "Tell us the books wanted, or choose from our list." in (
        response.content.decode()
    )


def test_with_nothing_on_the_list_groups_type_the_titles(client):
    make_product(title="Not on the list")
    page = client.get(URL).content.decode()
    assert 'name="wanted"' not in page and "choose from our list" not in page
    response = client.post(URL, GOOD | {"titles_wanted": ""})
    assert response.status_code == 400
    assert "Tell us the books wanted." in response.content.decode()
    assert not PrisonerRequest.objects.exists()


def test_a_book_off_the_list_cannot_be_asked_for(client):
    offer(make_product(title="Assata"))
    other = make_product(title="Not on the list")
    response = client.post(URL, GOOD | {"wanted": [other.pk]})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not PrisonerRequest.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("prisoner_name", "<script>alert(1)</script>", "Please use plain text"),
        ("titles_wanted", "<a href='x'>spam</a>", "Please use plain text"),
        ("rules_notes", "&lt;b&gt;", "Please use plain text"),
        ("prisoner_number", "", "This field is required."),
        ("group_email", "not an email", "Enter a valid email address."),
        ("titles_wanted", "", "Tell us the books wanted."),
        ("titles_wanted", "x" * 2001, "at most 2000 characters"),
        ("prison_address", "x" * 100_000, "at most 500 characters"),
        ("prisoner_name", "Nul\x00byte", "Null characters are not allowed."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, field, value, message
):
    response = client.post(URL, GOOD | {field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PrisonerRequest.objects.exists() and not Email.objects.exists()


def test_an_unknown_book_is_refused(client):
    offer(make_product(title="Assata"))
    response = client.post(URL, GOOD | {"wanted": ["999999", "x"]})
    assert response.status_code == 400
    assert not PrisonerRequest.objects.exists()


def test_a_robot_that_fills_the_hidden_field_saves_nothing(client):
    response = client.post(URL, GOOD | {"website": "http://spam.example"})
    assert response.status_code == 400
    assert "Leave this empty" in response.content.decode()
    assert not PrisonerRequest.objects.exists()


def test_one_address_may_send_only_so_many_requests_an_hour(client, settings):
    settings.PRISONER_REQUESTS_PER_HOUR = 2
    assert client.post(URL, GOOD).status_code == 302
    assert client.post(URL, GOOD | {"prisoner_number": ""}).status_code == 400
    response = client.post(URL, GOOD)
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "Too many requests from here" in response.content.decode()
    assert PrisonerRequest.objects.count() == 1
    other = client.post(URL, GOOD, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302


def test_an_unknown_reference_has_no_thanks_page(client):
    assert client.get(f"{URL}thanks/PR-NOSUCH/").status_code == 404


def test_the_form_page_costs_the_same_queries_however_many_books(
    client, django_assert_num_queries
):
    offer(make_product(title="One"))
    client.get(URL)  # warm: the footer's page links, cached per catalogue version
    # The offered books, and the catalogue version those links are kept under.
    with django_assert_num_queries(2) as first:
        client.get(URL)
    for n in range(20):
        make_product(title=f"Book {n}")
        offer(make_product(title=f"Offered {n}"))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(URL)

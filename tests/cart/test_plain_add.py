"""The add's plain post is checked without building ``AddForm``: same result.

Whatever ``plain_add`` accepts, the form accepts with the same values; what it
does not take, the form checks (and words the error of, as it always did).
"""

import pytest
from django.conf import settings
from django.http import QueryDict

from cart.forms import AddForm, plain_add

LIMIT = settings.CART_LINE_LIMIT

POSTS = [
    "product=1&quantity=1",
    "product=12&quantity=3&next=/products/12-x/",
    f"product=1&quantity={LIMIT}",
    f"product=1&quantity={LIMIT + 1}",
    "product=1&quantity=0",
    "product=1&quantity=-1",
    "product=1&quantity=007",
    "product=1&quantity= 2 ",
    "product=1&quantity=2.0",
    "product=1&quantity=%D9%A3",  # an Arabic-Indic three
    "product=1&quantity=99999999999999999999",
    "product=1&quantity=",
    "product=1",
    "product=0&quantity=1",
    "product=x&quantity=1",
    "product=1&quantity=1&price_choice=solidarity",
    "product=1&quantity=1&price_choice=reduced",
    "product=1&quantity=1&price_choice=list",
    "product=1&quantity=1&price_choice=pwyc",
    "product=1&quantity=1&price_choice=free",
    "product=1&quantity=1&amount=5",
    "product=1&quantity=1&amount=",
    "product=1&quantity=1&amount=%20",
    "product=1&quantity=1&next=%00",
    "product=1&quantity=1&next=" + "a" * 2001,
    "product=1&quantity=1&quantity=2",
    "product=1&quantity=2&quantity=x",
]


@pytest.mark.parametrize("body", POSTS)
def test_the_plain_post_is_taken_only_as_the_form_would_take_it(body):
    data = QueryDict(body)
    plain = plain_add(data)
    form = AddForm(data)
    if plain is None:
        return  # the form decides, as before
    assert form.is_valid(), form.errors
    for name in ("quantity", "price_choice", "amount"):
        assert plain[name] == form.cleaned_data[name]


def test_the_plain_post_is_the_common_case():
    # What the catalogue's buttons send must not build the form.
    assert plain_add(QueryDict("product=5&quantity=1&next=/")) is not None
    assert plain_add(QueryDict("product=5&quantity=2&price_choice=solidarity"))

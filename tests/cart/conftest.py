import pytest
from django.urls import reverse

from tests.factories import make_method, make_zone


@pytest.fixture
def postage(db):
    """A small rate card: UK (2nd class, free from £40; collect) and the world."""
    uk = make_zone(name="United Kingdom", countries="GB")
    second = make_method(
        uk,
        name="2nd class",
        bands=[(0, 100, "1.50"), (100, 500, "2.50"), (500, 2000, "3.50")],
        free_over="40.00",
    )
    collect = make_method(uk, name="Collect from the shop", is_collection=True)
    world = make_zone(name="Rest of the world", is_default=True)
    airmail = make_method(
        world,
        name="Airmail",
        bands=[(0, 250, "5.00"), (250, 1000, "9.00")],
        handling_charge="0.75",
    )
    return {
        "uk": uk,
        "second": second,
        "collect": collect,
        "world": world,
        "airmail": airmail,
    }


@pytest.fixture
def add_to_cart(client):
    """Post the add-to-cart form as the product page does (no JS)."""

    def post(product, quantity=1, **extra):
        return client.post(
            reverse("cart:add"),
            {
                "product": product.pk,
                "quantity": quantity,
                "next": product.get_absolute_url(),
            },
            **extra,
        )

    return post

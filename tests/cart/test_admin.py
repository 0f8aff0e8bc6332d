"""Staff edit postage in the admin; overlapping bands and clashing zones are refused."""

import pytest
from django.urls import reverse

from cart.models import WeightBand, Zone
from tests.factories import make_method, make_zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff", "s@example.com", "pw")
    client.force_login(user)
    return client


def band_post(method, bands):
    data = {
        "zone": method.zone.pk,
        "name": method.name,
        "position": 0,
        "is_active": "on",
        "handling_charge": "0.00",
        "free_over": "",
        "bands-TOTAL_FORMS": str(len(bands)),
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "1000",
    }
    for i, (low, high, price) in enumerate(bands):
        data |= {
            f"bands-{i}-min_grams": low,
            f"bands-{i}-max_grams": high,
            f"bands-{i}-price": price,
        }
    return data


def test_staff_add_weight_bands_to_a_method(staff_client):
    method = make_method(make_zone(countries="GB"), name="2nd class")
    url = reverse("admin:cart_shippingmethod_change", args=[method.pk])

    response = staff_client.post(
        url, band_post(method, [(0, 100, "1.55"), (100, 250, "2.10")])
    )

    assert response.status_code == 302
    assert list(method.bands.values_list("min_grams", "max_grams")) == [
        (0, 100),
        (100, 250),
    ]


def test_overlapping_bands_are_refused(staff_client):
    method = make_method(make_zone(countries="GB"), name="2nd class")
    url = reverse("admin:cart_shippingmethod_change", args=[method.pk])

    response = staff_client.post(
        url, band_post(method, [(0, 100, "1.55"), (99, 250, "2.10")])
    )

    assert response.status_code == 200
    assert "The bands 0–100 g and 99–250 g overlap." in response.content.decode()
    assert not WeightBand.objects.exists()


def test_a_band_whose_upper_weight_is_not_above_its_lower_is_refused(staff_client):
    method = make_method(make_zone(countries="GB"))
    url = reverse("admin:cart_shippingmethod_change", args=[method.pk])
    response = staff_client.post(url, band_post(method, [(250, 100, "1.00")]))
    assert response.status_code == 200
    assert (
        "A band&#x27;s upper weight must be more than its lower weight."
        in response.content.decode()
    )
    assert not WeightBand.objects.exists()


def zone_post(**fields):
    return {
        "name": "Europe",
        "countries": "FR DE",
        "position": 1,
        "methods-TOTAL_FORMS": "0",
        "methods-INITIAL_FORMS": "0",
        "methods-MIN_NUM_FORMS": "0",
        "methods-MAX_NUM_FORMS": "1000",
    } | fields


def test_a_zone_with_a_country_of_another_zone_is_refused(staff_client):
    make_zone(name="Home", countries="GB FR")
    response = staff_client.post(reverse("admin:cart_zone_add"), zone_post())
    assert response.status_code == 200
    assert "Already in another zone: FR (Home)." in response.content.decode()


def test_a_zone_with_an_unknown_country_code_is_refused(staff_client):
    response = staff_client.post(
        reverse("admin:cart_zone_add"), zone_post(countries="FR ZZ")
    )
    assert "Unknown country codes: ZZ." in response.content.decode()
    assert not Zone.objects.exists()


def test_a_zones_countries_are_tidied(staff_client):
    staff_client.post(reverse("admin:cart_zone_add"), zone_post(countries="de, fr"))
    assert Zone.objects.get().countries == "DE FR"

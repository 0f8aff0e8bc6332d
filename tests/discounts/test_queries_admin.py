"""Staff make codes in admin; a code costs the cart page the same queries for
1 line or 40."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discounts.models import Discount
from tests.factories import make_cart, make_category, make_product

pytestmark = pytest.mark.django_db


def cart_page_queries(client, lines, code):
    category = make_category(name=f"Books {lines}")
    products = [make_product(stock=100, categories=[category]) for _ in range(lines)]
    cart = make_cart(lines=[(p, 1) for p in products], discount=code)
    session = client.session
    session["cart_id"] = cart.pk
    session.save()
    code.categories.add(category)
    client.get("/cart/")  # caches shared by every page are warm, as in use
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cart/")
    assert response.status_code == 200
    assert "10% off books" in response.content.decode()
    return len(queries.captured_queries)


def test_a_limited_code_costs_the_cart_page_the_same_queries_as_it_grows(
    client, postage
):
    code = Discount.objects.create(code="BOOKS", value=10, description="books")
    one = cart_page_queries(client, 1, code)
    many = cart_page_queries(client.__class__(), 40, code)
    assert one == many


def test_staff_create_a_code_in_admin_in_capitals(client):
    staff = User.objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(staff)
    response = client.post(
        "/admin/discounts/discount/add/",
        {
            "code": " bookfair 10",
            "description": "books",
            "kind": "percent",
            "value": "10",
            "is_active": "on",
            "redemptions-TOTAL_FORMS": "0",
            "redemptions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    code = Discount.objects.get()
    assert (code.code, code.value, code.uses) == ("BOOKFAIR10", 10, 0)
    bad = client.post(
        "/admin/discounts/discount/add/",
        {
            "code": "PCT",
            "kind": "percent",
            "value": "150",
            "redemptions-TOTAL_FORMS": "0",
            "redemptions-INITIAL_FORMS": "0",
        },
    )
    assert "A percentage is between 1 and 100." in bad.content.decode()
    assert Discount.objects.count() == 1


def test_staff_cannot_set_total_uses_below_the_uses_made(client):
    staff = User.objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(staff)
    code = Discount.objects.create(code="USED", value=10, max_uses=5, uses=3)
    response = client.post(
        f"/admin/discounts/discount/{code.pk}/change/",
        {
            "code": "USED",
            "kind": "percent",
            "value": "10",
            "max_uses": "2",
            "is_active": "on",
            "redemptions-TOTAL_FORMS": "0",
            "redemptions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "It has been used 3 times already." in response.content.decode()
    code.refresh_from_db()
    assert code.max_uses == 5

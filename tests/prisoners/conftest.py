from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User

from checkout.services import mark_paid
from prisoners.models import Prison, PrisonerRequest
from tests.checkout.conftest import postage, stripe_fake  # noqa: F401 (fixtures)
from tests.factories import make_cart, make_product, order_details

PRISONER = {"prisoner_name": "Leonard Peltier", "prisoner_number": "89637-132"}


def make_prison(**overrides):
    fields = {
        "name": "HMP Example",
        "address": "HMP Example\nPrison Road\nExampletown EX1 1XX",
        "allows_hardbacks": False,
        "max_books": 3,
        "rules": "No stickers or bookmarks.",
    } | overrides
    return Prison.objects.create(**fields)


def make_request(*books, status="accepted", prison=None, **overrides):
    """A support group's request with ``(product, quantity)`` books chosen."""
    fields = (
        {
            "group_name": "Anarchist Black Cross",
            "group_email": "abc@example.org",
            "prison_name": "HMP Example",
            "titles_wanted": "Something on mutual aid",
            "status": status,
            "prison": prison
            or Prison.objects.filter(name="HMP Example").first()
            or make_prison(),
        }
        | PRISONER
        | overrides
    )
    request = PrisonerRequest.objects.create(**fields)
    for product, quantity in books:
        request.books.create(product=product, quantity=quantity)
    return request


def place(*items, donation="0.00", **details):
    """Place an order through the service, as reviewed with its donation."""
    from cart.totals import cart_totals
    from checkout import review, services

    cart = make_cart(lines=items, country="GB")
    totals = cart_totals(cart, donation=Decimal(donation))
    snap = review.snapshot(totals)
    return services.place_order(
        cart=cart,
        details=order_details(
            shipping_method=totals.method.pk, donation=donation, **details
        ),
        checkout_token=f"token-{cart.pk}",
        expected_fingerprint=review.fingerprint(snap),
        reviewed=snap,
    )


def donate(amount):
    """A paid order carrying ``amount`` to the prisoner fund."""
    order = place((make_product(price=Decimal("1.00")), 1), donation=amount)
    assert mark_paid(order=order)
    return order


@pytest.fixture
def staff(client):
    """A staff member who may run the queue but not see prisoners' details."""
    user = User.objects.create_user("volunteer", "v@example.org", "pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="prisoners",
            codename__in=["view_prisonerrequest", "change_prisonerrequest"],
        )
    )
    client.force_login(user)
    return user


@pytest.fixture
def trusted(staff):
    """The same staff member, given the permission to see prisoners' details."""
    staff.user_permissions.add(Permission.objects.get(codename="view_prisoner_details"))
    return User.objects.get(pk=staff.pk)  # a fresh permission cache

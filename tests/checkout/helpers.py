"""Steps a shopper takes through checkout, with Django's test client."""

from tests.factories import ADDRESS, make_cart


def give_cart(client, *items, country="GB"):
    """Put a cart holding ``(product, quantity)`` pairs in the client's session."""
    session = client.session
    session.save()
    cart = make_cart(lines=items, country=country, session_key=session.session_key)
    session["cart_id"] = cart.pk
    session.save()
    return cart


def details(method, payment="bank_transfer", **overrides):
    return (
        ADDRESS
        | {
            "country": "GB",
            "shipping_method": method.pk,
            "payment_method": payment,
            "accept_terms": "on",
        }
        | overrides
    )


def review_form(client):
    """GET the review page; return the response and its Place order fields."""
    response = client.get("/checkout/review/")
    form = response.context["form"]
    return response, {
        "fingerprint": form.initial["fingerprint"],
        "checkout_token": form.initial["checkout_token"],
    }


def checkout(client, method, payment="bank_transfer", **overrides):
    """Fill in details, review, place; return the place response (not followed)."""
    response = client.post("/checkout/details/", details(method, payment, **overrides))
    assert response.status_code == 302, response.context["form"].errors
    _, fields = review_form(client)
    return client.post("/checkout/place/", fields)


def sending_failures():
    """Count the emails the outbox tried to send and could not: not sent, an
    attempt made, the mail server's refusal recorded for staff."""
    from outbox.models import Email

    return Email.objects.filter(
        sent_at__isnull=True, attempts__gte=1, last_error__icontains="refused"
    ).count()

"""A trade account's terms as the cart and checkout read them."""

from decimal import Decimal

from django.conf import settings

from cart.pricing import BuyerTerms

from . import selectors


def terms_of(account) -> BuyerTerms:
    """Return ``account``'s terms; it may pay on invoice unless on hold."""
    return BuyerTerms(
        account_id=account.pk,
        name=account.organisation,
        discount_percent=account.discount_percent,
        minimum_order=Decimal(settings.TRADE_MINIMUM_ORDER),
        invoice_days=None if account.on_hold else account.payment_days,
        invoice_refusal=(
            f"This account is on hold, so it cannot order on invoice: "
            f"{account.hold_reason}"
            if account.on_hold
            else ""
        ),
    )


def buyer_terms(user) -> BuyerTerms | None:
    """Return the terms of ``user``'s approved trade account, or None (retail)."""
    if not user.is_authenticated or user.is_staff:
        return None
    member = selectors.membership_of(user)
    if member is None or not member.account.is_approved:
        return None
    return terms_of(member.account)

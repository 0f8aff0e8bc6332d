"""Reads behind the prisoner pages: the fund, the books a group may choose,
and a request with everything its packing slip prints."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from catalog.models import Product
from checkout.models import Order
from checkout.selectors import FUNDED
from shop.money import to_money

from .models import PrisonerRequest, RequestBook

SPENT = (PrisonerRequest.Status.PACKED, PrisonerRequest.Status.SENT)


@dataclass(frozen=True)
class PrisonerFund:
    """Donations in with paid orders, less the books packed from stock."""

    donations: Decimal
    spent: Decimal

    @property
    def balance(self) -> Decimal:
        return self.donations - self.spent


def fund() -> PrisonerFund:
    """Return the prisoner fund's donations, spending and balance (two queries)."""
    donations = Order.objects.filter(status__in=FUNDED).aggregate(
        total=Sum("donation")
    )["total"]
    spent = RequestBook.objects.filter(request__status__in=SPENT).aggregate(
        total=Sum("cost")
    )["total"]
    return PrisonerFund(donations=to_money(donations or 0), spent=to_money(spent or 0))


# Not reading matter, so not sent to prisoners.
NOT_FOR_PRISONERS = (Product.Format.BADGE, Product.Format.POSTER, Product.Format.OTHER)


def requestable_books():
    """Return what a support group may choose on the form: reading matter, by title."""
    return (
        Product.objects.published()
        .exclude(format__in=NOT_FOR_PRISONERS)
        .only("pk", "title", "format")
        .order_by("title", "pk")
    )


def requests_for_slips():
    """Return requests with their prison, books and order, for packing slips."""
    return PrisonerRequest.objects.select_related("prison", "order").prefetch_related(
        "books__product"
    )

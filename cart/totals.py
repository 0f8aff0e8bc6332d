"""The one totals function: the mini cart, the cart page, checkout and order
placement all call ``cart_totals`` so they can never disagree."""

import uuid
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from discounts import rules as discount_rules
from discounts import selectors as discount_selectors
from shop.cache import cached
from shop.money import ZERO, to_money

from . import shipping
from .models import Cart, CartLine, ShippingMethod, WeightBand, Zone
from .pricing import PWYC, BuyerTerms, price_for


@dataclass(frozen=True)
class TotalsLine:
    """A cart line priced at today's price for this buyer (``cart.pricing``)."""

    line: CartLine
    unit_price: Decimal
    line_total: Decimal
    cover_price: Decimal | None = None  # the price before the buyer's terms
    is_trade: bool = False
    discount: Decimal = ZERO  # this line's share of the code's discount
    choice: str = "list"  # the solidarity choice the price follows
    # Why the pay-what-you-can amount on the line is not charged today.
    price_problem: str = ""

    @property
    def amount(self) -> Decimal | None:
        """Return the pay-what-you-can amount the shopper typed, if any."""
        return self.line.price_amount if self.choice == PWYC else None

    @property
    def price_was(self) -> Decimal | None:
        """Return the price the shopper saw when adding, if it has changed since."""
        # ``price_seen`` is the cover price when added: compare it with today's
        # cover price, so a trade buyer is not told their discount is a change.
        seen = self.line.price_seen
        current = self.cover_price if self.cover_price is not None else self.unit_price
        return seen if seen is not None and seen != current else None


@dataclass(frozen=True)
class CartTotals:
    """Everything a page says about a cart's money and postage."""

    item_count: int
    subtotal: Decimal
    shipping: Decimal
    total: Decimal
    weight_grams: int = 0
    lines: tuple[TotalsLine, ...] = ()
    country: str = ""
    zone: Zone | None = None
    quotes: tuple[shipping.Quote, ...] = ()
    method: ShippingMethod | None = None  # None: no method can carry this cart
    free_postage_remaining: Decimal | None = None  # “Spend £X more for free postage”
    requested_method_id: int | None = None  # the shopper's choice, kept on the cart
    buyer: BuyerTerms | None = None  # trade terms the prices follow; None: retail
    # The cart's code: what it takes off (total = subtotal + shipping - amount),
    # or why it takes nothing (``code.problem``); None: no code.
    code: discount_rules.Applied | None = None
    # Given at checkout to the prisoner fund; part of the total (``with_donation``).
    donation: Decimal = ZERO

    @property
    def discount(self) -> Decimal:
        return self.code.amount if self.code is not None else ZERO

    @property
    def minimum_remaining(self) -> Decimal | None:
        """Return how much more the goods must come to for a trade order, or None."""
        if self.buyer is None or self.is_empty:
            return None
        short = to_money(self.buyer.minimum_order - self.subtotal)
        return short if short > 0 else None

    @property
    def is_empty(self):
        return self.item_count == 0

    @property
    def can_ship(self):
        return self.is_empty or self.method is not None

    @property
    def can_collect(self):
        return any(q.available and q.method.is_collection for q in self.quotes)

    @property
    def method_refused(self) -> shipping.Quote | None:
        """Return the quote of the shopper's method when it cannot carry the parcel.

        The totals then use another method (or none), and the shopper must be
        told why their choice was not kept.
        """
        if self.requested_method_id is None or (
            self.method is not None and self.method.pk == self.requested_method_id
        ):
            return None
        return next(
            (
                q
                for q in self.quotes
                if q.method.pk == self.requested_method_id and not q.available
            ),
            None,
        )


EMPTY = CartTotals(item_count=0, subtotal=ZERO, shipping=ZERO, total=ZERO)


def zones_with_methods():
    """Return every zone with its methods and bands, in three queries."""
    return list(
        Zone.objects.prefetch_related(
            Prefetch(
                "methods",
                queryset=ShippingMethod.objects.filter(is_active=True).prefetch_related(
                    Prefetch("bands", queryset=WeightBand.objects.order_by("min_grams"))
                ),
            )
        )
    )


# This process's copy of the zones, under the mark of the version it was read in.
_zones_kept: dict[str, list] = {}


def zones_for_pages(request):
    """Return ``zones_with_methods()`` as read once in this catalogue version.

    For the pages that show postage (the mini cart on every page, the cart):
    staff edits of zones, methods and bands bump the version
    (``cart.version_receivers``), so the next request on every worker reads
    them again. Placing an order reads them afresh. The shared cache holds
    only a mark for the version; each process keeps the rows themselves
    (unpickling them on every request cost 0.65 ms, a fifth of the queries).
    """
    mark = cached(request, "shipping-zones", compute=lambda: uuid.uuid4().hex)
    zones = _zones_kept.get(mark)
    if zones is None:
        zones = zones_with_methods()
        _zones_kept.clear()
        _zones_kept[mark] = zones
    return zones


def with_donation(totals: CartTotals, donation: Decimal) -> CartTotals:
    """Return ``totals`` with ``donation`` added to the total (an empty cart
    takes none: a donation comes with an order)."""
    if totals.is_empty or not donation:
        return totals
    donation = to_money(donation)
    return replace(
        totals,
        donation=totals.donation + donation,
        total=to_money(totals.total + donation),
    )


def cart_totals(
    cart: Cart | None,
    *,
    lines=None,
    zones=None,
    buyer: BuyerTerms | None = None,
    donation: Decimal = ZERO,
) -> CartTotals:
    """Return the cart's item count, subtotal, postage and total at today's prices
    for ``buyer`` (None: retail; see ``cart.pricing``).

    ``lines`` (the cart's lines with their products) and ``zones`` (from
    ``zones_with_methods``) may be passed in when the caller has them already.
    The chosen method is the cart's own when its zone offers it for this
    parcel, else the cheapest posted one. ``donation`` (checked by checkout)
    is added to the total.
    """
    if cart is None:
        return EMPTY
    if lines is None:
        lines = list(cart.lines.select_related("product"))
    # A product deleted or unpublished since it was added is not for sale:
    # it never counts, even before ``services.refresh`` has removed its line.
    lines = [line for line in lines if line.product and line.product.is_published]
    if not lines:
        return EMPTY
    totals_lines = tuple(
        TotalsLine(
            line=line,
            unit_price=price.unit,
            line_total=to_money(price.unit * line.quantity),
            cover_price=price.cover,
            is_trade=price.is_trade,
            choice=price.choice,
            price_problem=price.problem,
        )
        for line in lines
        for price in [
            price_for(line.product, buyer, line.price_choice, line.price_amount)
        ]
    )
    subtotal = to_money(sum((t.line_total for t in totals_lines), ZERO))
    item_count = sum(line.quantity for line in lines)
    weight = sum(line.product.weight_grams * line.quantity for line in lines)

    if zones is None:
        zones = zones_with_methods()
    zone = shipping.zone_for(cart.country, zones)
    quotes = tuple(shipping.quotes_for(zone, weight_grams=weight, subtotal=subtotal))
    available = [q for q in quotes if q.available]
    chosen = next(
        (q for q in available if q.method.pk == cart.shipping_method_id), None
    ) or min(
        # Collecting is never assumed, not even when no post can carry the
        # parcel: "£0.00 postage" would then hide that we cannot send it.
        (q for q in available if not q.method.is_collection),
        key=lambda q: q.price,
        default=None,
    )
    postage = chosen.price if chosen else ZERO

    code = None
    rule = discount_selectors.rule_for(cart.discount_id)
    if rule is not None:
        code = discount_rules.apply(
            rule,
            lines=[(t.line.product, t.line_total) for t in totals_lines],
            eligible_ids=discount_selectors.covered(
                rule, [t.line.product_id for t in totals_lines]
            ),
            subtotal=subtotal,
            shipping=postage,
            now=timezone.now(),
            is_trade=buyer is not None,
            own_price_ids=frozenset(
                t.line.product_id for t in totals_lines if t.choice == PWYC
            ),
        )
        totals_lines = tuple(
            replace(t, discount=code.line_amounts.get(t.line.product_id, ZERO))
            for t in totals_lines
        )

    remaining = None
    if chosen and chosen.price and chosen.method.free_over is not None:
        remaining = to_money(chosen.method.free_over - subtotal)

    totals = CartTotals(
        item_count=item_count,
        subtotal=subtotal,
        shipping=postage,
        total=to_money(subtotal + postage - (code.amount if code else ZERO)),
        weight_grams=weight,
        lines=totals_lines,
        country=cart.country,
        zone=zone,
        quotes=quotes,
        method=chosen.method if chosen else None,
        free_postage_remaining=remaining,
        requested_method_id=cart.shipping_method_id,
        buyer=buyer,
        code=code,
    )
    return with_donation(totals, donation)

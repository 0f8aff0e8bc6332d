"""What a discount code takes off a cart: the rules, with no database.

``cart.totals.cart_totals`` prices each line for the buyer first
(``cart.pricing``: cover or trade price, rounded per unit), then asks
``apply`` what the cart's code takes off. The rules, written down once:

1. A code applies only while active, after its start, before its end and
   with uses left; otherwise it takes nothing and says why (``problem``).
2. Trade prices and codes: a code marked "not for trade" takes nothing off a
   trade buyer's cart. One marked "also for trade" applies to the trade
   prices (never to the cover prices): a 10% code takes 10% of the trade price.
3. The minimum spend and postage thresholds ("free over £X") are judged on the
   goods after trade prices and *before* the code, so entering a code never
   costs the shopper their free postage.
4. Limits to products, categories (and their subcategories) or publishers
   choose the lines a code applies to (a line matching any limit); no
   limits: every line.
5. Percentage off: per eligible line, the line total times the percentage,
   rounded half up to the penny, so each line's discount is shown and stored
   exactly and the order's discount is their sum.
6. Fixed amount off: at most the eligible goods (a total never goes below
   postage, never negative), shared across eligible lines in proportion to
   their totals, whole pence, the odd pence to the largest remainders first,
   so the shares add up to the amount exactly (Stripe is sent each line less its
   share).
7. Free postage: the postage of the chosen method, when some line is
   eligible; postage is still shown, and the discount takes it off.
8. One code per cart and order.
9. Pay what you can: a line whose price the shopper typed themselves
   (``own_price_ids``) takes nothing off from a percentage or amount code,
   so a code never takes a price below the floor staff set and never draws
   on the solidarity fund twice. Such lines still count toward the minimum
   spend (rule 3), and a free-postage code still takes the postage off.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from shop.money import PENNY, ZERO, format_money, to_money

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Rule:
    """A code as the totals need it (read once by ``selectors.rule_for``)."""

    id: int
    code: str
    kind: str
    value: Decimal
    description: str = ""
    minimum_spend: Decimal | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    max_uses: int | None = None
    uses: int = 0
    is_active: bool = True
    applies_to_trade: bool = False
    product_ids: frozenset = frozenset()
    category_ids: frozenset = frozenset()
    publisher_ids: frozenset = frozenset()

    @property
    def is_limited(self) -> bool:
        return bool(self.product_ids or self.category_ids or self.publisher_ids)

    @property
    def words(self) -> str:
        """Say what the code does: “10% off books”, “£5.00 off”, “Free postage”."""
        what = f" {self.description}" if self.description else ""
        if self.kind == "percent":
            number = self.value.normalize()
            return f"{number:f}% off{what}"
        if self.kind == "amount":
            return f"{format_money(self.value)} off{what}"
        return f"Free postage{' on ' + self.description if self.description else ''}"


@dataclass(frozen=True)
class Applied:
    """What the cart's code takes off, or why it takes nothing."""

    code: str
    words: str
    amount: Decimal = ZERO  # everything off the order (goods + postage)
    postage: Decimal = ZERO  # the part of ``amount`` off postage
    line_amounts: dict = field(default_factory=dict)  # product pk → goods off
    problem: str = ""
    discount_id: int | None = None

    @property
    def applies(self) -> bool:
        return not self.problem

    def __hash__(self):
        return hash((self.code, self.amount, self.problem))


def refusal(rule: Rule, *, now: datetime, is_trade: bool) -> str:
    """Say why the code cannot be used at all now (rules 1 and 2), or ''."""
    if not rule.is_active:
        return f"Sorry, the code {rule.code} is no longer available."
    if rule.starts_at and now < rule.starts_at:
        return (
            f"The code {rule.code} can be used from "
            f"{rule.starts_at:%-d %B %Y}, not yet."
        )
    if rule.ends_at and now >= rule.ends_at:
        return f"Sorry, the code {rule.code} ended on {rule.ends_at:%-d %B %Y}."
    if rule.max_uses is not None and rule.uses >= rule.max_uses:
        return f"Sorry, the code {rule.code} has been used up."
    if is_trade and not rule.applies_to_trade:
        return f"The code {rule.code} is not for trade prices."
    return ""


def apply(
    rule: Rule,
    *,
    lines,
    eligible_ids=None,
    subtotal: Decimal,
    shipping: Decimal,
    now: datetime,
    is_trade: bool = False,
    own_price_ids: frozenset = frozenset(),
) -> Applied:
    """Return what ``rule`` takes off; ``lines`` are ``(product, line_total)``.

    ``eligible_ids``: the pks of the products the code's limits cover
    (``selectors.covered``); None when it has no limits. ``own_price_ids``:
    the pks of pay-what-you-can lines (rule 9).
    """
    base = {"code": rule.code, "words": rule.words, "discount_id": rule.id}
    if problem := refusal(rule, now=now, is_trade=is_trade):
        return Applied(**base, problem=problem)
    if rule.minimum_spend is not None and subtotal < rule.minimum_spend:
        short = format_money(rule.minimum_spend - subtotal)
        return Applied(
            **base,
            problem=f"The code {rule.code} needs {format_money(rule.minimum_spend)} "
            f"of goods: add {short} more to use it.",
        )
    eligible = [
        (p, total) for p, total in lines if eligible_ids is None or p.pk in eligible_ids
    ]
    if not eligible:
        return Applied(
            **base,
            problem=f"The code {rule.code} is for {rule.description or 'other items'}"
            ", and none is in your cart.",
        )
    if rule.kind == "free_postage":
        return Applied(**base, amount=shipping, postage=shipping)
    eligible = [(p, total) for p, total in eligible if p.pk not in own_price_ids]
    if not eligible:
        return Applied(
            **base,
            problem=f"The code {rule.code} takes nothing off prices you choose "
            "yourself (pay what you can).",
        )
    if rule.kind == "percent":
        percent = min(max(rule.value, ZERO), HUNDRED)
        shares = {p.pk: to_money(total * percent / HUNDRED) for p, total in eligible}
    else:
        shares = _share(
            min(to_money(rule.value), _sum(t for _, t in eligible)), eligible
        )
    return Applied(**base, amount=_sum(shares.values()), line_amounts=shares)


def _sum(amounts) -> Decimal:
    return to_money(sum(amounts, ZERO))


def _share(amount: Decimal, eligible) -> dict:
    """Share ``amount`` across lines by their totals, in whole pence (rule 6)."""
    whole = _sum(t for _, t in eligible)
    if whole <= 0:
        return {p.pk: ZERO for p, _ in eligible}
    exact = {p.pk: amount * total / whole for p, total in eligible}
    shares = {pk: (value // PENNY) * PENNY for pk, value in exact.items()}
    left = int((amount - _sum(shares.values())) / PENNY)
    caps = dict((p.pk, t) for p, t in eligible)
    order = sorted(exact, key=lambda pk: (exact[pk] - shares[pk], caps[pk]))
    for pk in reversed(order):
        if left <= 0:
            break
        if shares[pk] + PENNY <= caps[pk]:
            shares[pk] += PENNY
            left -= 1
    return {pk: to_money(v) for pk, v in shares.items()}

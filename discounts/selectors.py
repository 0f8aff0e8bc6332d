"""Reads of discount codes: finding one, and the rule the totals apply."""

from django.db.models import Q

from catalog.models import Product

from .models import Discount, Redemption, normalise_code
from .rules import Rule


def find(text: str) -> Discount | None:
    """Return the code the shopper typed (any case, any spaces), or None."""
    code = normalise_code(text)
    if not code or len(code) > 40:
        return None
    return Discount.objects.filter(code=code).first()


def rule_for(discount_id: int | None) -> Rule | None:
    """Return the code's rule with its limits, in four queries; None if gone."""
    if discount_id is None:
        return None
    discount = (
        Discount.objects.filter(pk=discount_id)
        .prefetch_related("products", "categories", "publishers")
        .first()
    )
    if discount is None:
        return None
    return Rule(
        id=discount.pk,
        code=discount.code,
        kind=discount.kind,
        value=discount.value,
        description=discount.description,
        minimum_spend=discount.minimum_spend,
        starts_at=discount.starts_at,
        ends_at=discount.ends_at,
        max_uses=discount.max_uses,
        uses=discount.uses,
        is_active=discount.is_active,
        applies_to_trade=discount.applies_to_trade,
        product_ids=frozenset(p.pk for p in discount.products.all()),
        category_ids=frozenset(c.pk for c in discount.categories.all()),
        publisher_ids=frozenset(p.pk for p in discount.publishers.all()),
    )


def covered(rule: Rule, product_ids) -> set | None:
    """Return which of ``product_ids`` the code's limits cover (one query).

    None when the code has no limits: it covers every product.
    """
    if not rule.is_limited:
        return None
    limits = (
        Q(pk__in=rule.product_ids)
        | Q(publisher_id__in=rule.publisher_ids)
        | Q(categories__in=rule.category_ids)
        | Q(categories__parent_id__in=rule.category_ids)
    )
    return set(
        Product.objects.filter(limits, pk__in=list(product_ids))
        .values_list("pk", flat=True)
        .distinct()
    )


def uses_by(discount_id: int, *, email: str, user_id: int | None) -> int:
    """Return how many orders this customer (email or account) used the code on."""
    who = Q(email__iexact=email.strip())
    if user_id is not None:
        who |= Q(user_id=user_id)
    return Redemption.objects.filter(who, discount_id=discount_id).count()


def customer_refusal(
    discount_id: int, *, email: str, user_id: int | None = None
) -> str:
    """Say why this customer may not use the code again, or ''."""
    discount = Discount.objects.filter(pk=discount_id).first()
    if discount is None or discount.max_uses_per_customer is None:
        return ""
    if uses_by(discount_id, email=email, user_id=user_id) >= (
        discount.max_uses_per_customer
    ):
        times = discount.max_uses_per_customer
        return (
            f"Sorry, the code {discount.code} can be used {times} "
            f"time{'s' if times != 1 else ''} per customer, and you have already."
        )
    return ""

"""Changes to the cart. Every function is keyword-only and atomic."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalog.models import Product
from discounts import selectors as discount_selectors
from shop.money import format_money

from . import inserts
from .countries import COUNTRIES
from .models import Cart, CartLine, ShippingMethod
from .pricing import LIST, PWYC, BuyerTerms, amount_refusal, choices_for
from .selectors import SESSION_KEY, get_cart
from .shipping import zone_for
from .totals import cart_totals


class CartError(Exception):
    """A change the shopper asked for that cannot be made; the message says why."""


@dataclass(frozen=True)
class Added:
    """What ``add`` did: the line now in the cart and what to tell the shopper."""

    line: CartLine
    added: int
    message: str
    reduced: bool


def get_or_create_cart(request) -> Cart:
    """Return this browser's cart, creating it (and the session) on first use."""
    cart = get_cart(request)
    if cart is None:
        new_session = request.session.session_key is None
        if new_session:
            # A key for the cart to carry; with ``shop.sessions`` the row is
            # written once, holding the cart's id (add_to_session_cart).
            request.session.create()
        user = request.user if request.user.is_authenticated else None
        cart = None
        if user is not None:
            # A signed-in shopper whose session lost its cart gets theirs back.
            cart = Cart.objects.filter(user=user).order_by("-updated_at").first()
        if cart is None:
            # A cart the session no longer names (lost, or somebody else's)
            # must not block the unique session key; a new key names none.
            if not new_session:
                Cart.objects.filter(session_key=request.session.session_key).update(
                    session_key=None
                )
            cart = inserts.new_cart(session_key=request.session.session_key, user=user)
            cart.created_now = True
        request.session[SESSION_KEY] = cart.pk
    return cart


def _touch(cart: Cart) -> None:
    # ``updated_at`` is what purge_carts reads: any change keeps a cart alive.
    cart.save(update_fields=["updated_at"])


def _allowed(product: Product, wanted: int) -> int:
    """Return how many of ``wanted`` one line may hold: stock, then the line limit."""
    return min(settings.CART_LINE_LIMIT, product.sellable_quantity(wanted))


def _limit_message(product: Product, quantity: int) -> str:
    if quantity >= settings.CART_LINE_LIMIT and (
        product.allow_backorder or product.stock >= settings.CART_LINE_LIMIT
    ):
        return (
            f"You can order at most {settings.CART_LINE_LIMIT} of “{product.title}” "
            f"at a time; your cart now holds {quantity}."
        )
    return f"Only {quantity} left of “{product.title}”; your cart now holds {quantity}."


def check_price(product: Product, choice: str, amount, buyer) -> Decimal | None:
    """Return the amount to keep on the line for ``choice``; raise if refused."""
    if choice == PWYC:
        if amount is None:
            raise CartError(f"Enter the amount you want to pay for “{product.title}”.")
        if refusal := amount_refusal(product, amount, buyer):
            raise CartError(refusal)
        return amount
    if choice not in choices_for(product):
        raise CartError(f"Sorry, that price is not offered for “{product.title}”.")
    return None


def add_to_session_cart(request, **change) -> Added:
    """``add`` to this browser's cart, made on first use: one commit in all.

    A new visitor's cart, line and session row are written together or not at
    all. ``change`` is ``add``'s arguments but the cart."""
    with transaction.atomic():
        result = _add(cart=get_or_create_cart(request), **change)
        if getattr(request.session, "unwritten", False):
            request.session.save()  # shop.sessions: not written again after
    return result


def add(**change) -> Added:
    """Add up to ``quantity`` of ``product``, as far as stock and the line limit allow.
    ``price_choice`` is the shopper's solidarity choice (``cart.pricing``), with
    ``amount`` for pay what you can; both replace the line's. Raises
    ``CartError`` when nothing at all can be added, or for a price the product
    does not offer ``buyer``."""
    with transaction.atomic():
        return _add(**change)


def _add(
    *,
    cart: Cart,
    product: Product,
    quantity: int,
    price_choice: str = LIST,
    amount: Decimal | None = None,
    buyer: BuyerTerms | None = None,
) -> Added:
    if quantity < 1:
        raise CartError("Choose a quantity of 1 or more.")
    amount = check_price(product, price_choice, amount, buyer)
    if not product.is_published:
        raise CartError(f"“{product.title}” is not for sale.")
    line = (
        None  # a cart inserted in this request has no lines to look through
        if cart.created_now
        else CartLine.objects.select_for_update()
        .filter(cart=cart, product=product)
        .first()
    )
    before = line.quantity if line else 0
    allowed = _allowed(product, before + quantity)
    if allowed <= before:
        if before == 0:
            raise CartError(f"Sorry, “{product.title}” is out of stock.")
        raise CartError(_limit_message(product, before))
    if line is None:
        line = inserts.new_line(
            cart=cart,
            product=product,
            quantity=allowed,
            price_choice=price_choice,
            price_amount=amount,
        )
    else:
        # Adding more from the product page, the shopper sees today's price.
        line.quantity, line.price_choice = allowed, price_choice
        line.price_seen, line.price_amount = product.price, amount
        line.save(
            update_fields=["quantity", "price_seen", "price_choice", "price_amount"]
        )
    if cart.created_now:  # its updated_at is the time of its insert
        cart.created_now = False  # but it has a line now
    else:
        _touch(cart)
    added = allowed - before
    if allowed < before + quantity:
        return Added(line, added, _limit_message(product, allowed), reduced=True)
    return Added(
        line, added, f"Added {added} × “{product.title}” to your cart.", reduced=False
    )


def add_line(*, cart: Cart, product: Product, quantity: int) -> CartLine:
    """Add ``quantity`` of ``product`` to ``cart`` within stock and the line limit."""
    return add(cart=cart, product=product, quantity=quantity).line


@transaction.atomic
def remove_line(*, cart: Cart, line: CartLine) -> str:
    """Remove ``line`` from ``cart``; return the message for the shopper."""
    if line.cart_id != cart.pk:
        raise CartLine.DoesNotExist
    title = line.product.title if line.product else line.title
    line.delete()
    _touch(cart)
    return f"Removed “{title}” from your cart."


@dataclass(frozen=True)
class Updated:
    """What ``update_quantities`` did: lines removed as asked, and corrections.

    A correction is a change the shopper did not ask for (stock fell, the
    product left the shop): the page must say so, and not that all is well.
    """

    removed: list[str]
    corrections: list[str]


@transaction.atomic
def update_quantities(*, cart: Cart, quantities: dict[int, int]) -> Updated:
    """Set the quantity of each line (0 removes it); say what was done and corrected.

    Every line id must belong to ``cart``: otherwise ``CartLine.DoesNotExist``
    is raised and nothing changes.
    """
    lines = {
        line.pk: line
        # of=("self",): PostgreSQL cannot lock the nullable side of the join.
        for line in cart.lines.select_for_update(of=("self",))
        .select_related("product")
        .filter(pk__in=quantities)
    }
    if set(quantities) - lines.keys():
        raise CartLine.DoesNotExist
    if any(q < 0 for q in quantities.values()):
        raise CartError("Quantities cannot be negative.")
    removed, corrections = [], []
    for line_id, wanted in quantities.items():
        line = lines[line_id]
        # An unchanged quantity is still checked: stock may have fallen
        # since the page was drawn.
        if wanted == 0:
            line.delete()
            removed.append(f"Removed “{line.product or line.title}” from your cart.")
            continue
        if line.product is None or not line.product.is_published:
            line.delete()
            corrections.append(
                f"“{line.product or line.title}” is no longer for sale "
                "and has left your cart."
            )
            continue
        allowed = _allowed(line.product, wanted)
        if allowed == 0:
            line.delete()
            corrections.append(
                f"Sorry, “{line.product.title}” is out of stock and has left your cart."
            )
            continue
        # The shopper has just seen today's prices on the cart page.
        changed = allowed != line.quantity or line.price_seen != line.product.price
        line.quantity = allowed
        line.price_seen = line.product.price
        if changed:
            line.save(update_fields=["quantity", "price_seen"])
        if allowed < wanted:
            corrections.append(_limit_message(line.product, allowed))
    _touch(cart)
    return Updated(removed=removed, corrections=corrections)


def refresh(
    *, cart: Cart | None, lines: list[CartLine]
) -> tuple[list[CartLine], list[str]]:
    """Square ``lines`` with today's catalogue; return the kept lines and notices.

    Products deleted or unpublished since they were added leave the cart;
    quantities above what can now be sold are reduced. Nothing is written,
    and no transaction opened, when every line is still good: ``request.cart``
    (``cart.middleware``) calls this once on every page that shows the cart,
    so it costs queries only when it has work to do.
    """
    kept, notices, removals, reductions = [], [], [], []
    for line in lines:
        product = line.product
        if product is None or not product.is_published:
            removals.append(line)
            notices.append(
                f"“{product.title if product else line.title}” is no longer for sale "
                "and has left your cart."
            )
            continue
        allowed = _allowed(product, line.quantity)
        if allowed == 0:
            removals.append(line)
            notices.append(
                f"Sorry, “{product.title}” is now out of stock and has left your cart."
            )
            continue
        if allowed < line.quantity:
            line.quantity = allowed
            reductions.append(line)
            notices.append(_limit_message(product, allowed))
        kept.append(line)
    if removals or reductions:
        with transaction.atomic():
            CartLine.objects.filter(pk__in=[line.pk for line in removals]).delete()
            for line in reductions:
                line.save(update_fields=["quantity"])
            if cart is not None:
                _touch(cart)
    return kept, notices


@transaction.atomic
def set_destination(*, cart: Cart, country: str, method_id: int | None, zones) -> None:
    """Send ``cart`` to ``country`` by ``method_id`` when that country's zone offers it.

    A method of another zone (the country just changed) is forgotten, so the
    totals fall back to the cheapest method that can carry the parcel.
    Raises ``CartError`` for a country code nobody knows.
    """
    country = (country or "").strip().upper()
    if country not in COUNTRIES:
        raise CartError("Sorry, we do not know that country.")
    zone = zone_for(country, zones)
    offered = {m.pk for m in zone.methods.all()} if zone else set()
    cart.country = country
    cart.shipping_method = (
        ShippingMethod.objects.get(pk=method_id) if method_id in offered else None
    )
    cart.save(update_fields=["country", "shipping_method", "updated_at"])


def choose_price(
    *,
    cart: Cart,
    line: CartLine,
    choice: str,
    amount: Decimal | None = None,
    buyer: BuyerTerms | None = None,
) -> str:
    """Set the line's solidarity choice (and pay-what-you-can ``amount``).

    Raises ``CartError``, the line unchanged, for a price not offered to
    ``buyer`` or an amount outside the product's range.
    """
    if line.product is None:
        raise CartError("Sorry, that price is not offered: choose one shown.")
    amount = check_price(line.product, choice, amount, buyer)
    CartLine.objects.filter(pk=line.pk, cart=cart).update(
        price_choice=choice, price_amount=amount
    )
    _touch(cart)
    if amount is not None:
        return f"You pay {format_money(amount)} for “{line.product.title}”."
    return f"Your price for “{line.product.title}” is changed."


def apply_code(*, cart: Cart, text: str, buyer=None, user=None) -> str:
    """Put the code the shopper typed on the cart; return what it does, in words.

    Raises ``CartError`` (the cart unchanged) for an unknown code, one not
    valid now, one this cart cannot use, or one the signed-in customer has
    used up. One code per cart: a new code replaces the old.
    """
    shown = " ".join(str(text or "").split())[:40]
    if not shown:
        raise CartError("Enter a discount code.")
    discount = discount_selectors.find(text)
    if discount is None:
        raise CartError(f"Sorry, there is no code “{shown.upper()}”.")
    lines = list(cart.lines.select_related("product"))
    if not lines:
        raise CartError("Add something to your cart first, then enter the code.")
    was = cart.discount_id
    cart.discount_id = discount.pk
    totals = cart_totals(cart, lines=lines, buyer=buyer)
    if totals.code is None or not totals.code.applies:
        cart.discount_id = was
        raise CartError(totals.code.problem if totals.code else "Sorry, no code.")
    if user is not None and user.is_authenticated:
        refused = discount_selectors.customer_refusal(
            discount.pk, email=user.email, user_id=user.pk
        )
        if refused:
            cart.discount_id = was
            raise CartError(refused)
    cart.save(update_fields=["discount", "updated_at"])
    return (
        f"Code {discount.code} applied: {totals.code.words}, "
        f"−{format_money(totals.code.amount)}."
    )


def remove_code(*, cart: Cart) -> bool:
    """Take the code off the cart; return whether there was one."""
    return bool(
        Cart.objects.filter(pk=cart.pk, discount__isnull=False).update(
            discount=None, updated_at=timezone.now()
        )
    )


def empty(*, cart: Cart) -> None:
    """Remove every line from ``cart``."""
    cart.lines.all().delete()
    _touch(cart)


def purge_stale_carts(*, days: int | None = None) -> int:
    """Delete carts untouched for ``days`` (CART_MAX_AGE_DAYS); return how many."""
    days = settings.CART_MAX_AGE_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    _, per_model = Cart.objects.filter(updated_at__lt=cutoff).delete()
    return per_model.get(Cart._meta.label, 0)

"""Changes to customer accounts and their addresses. Keyword-only and atomic.

No answer here says whether an email address has an account: sign-up and
change of email tell the owner of the address by email instead.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from cart import services as cart_services
from catalog.models import Product
from checkout.models import Order

from . import emails
from .models import Address, Customer, normalise_email

User = get_user_model()


class AccountError(Exception):
    """A change that cannot be made; the message says why."""


@transaction.atomic
def sign_up(*, email: str, password: str) -> None:
    """Open an unverified account for ``email`` and email it a confirmation link.

    An address that already has an account gets an email saying so (or a new
    link, if it never confirmed) and its password is left alone, so a
    stranger cannot pre-set the password of somebody else's account.
    """
    email = normalise_email(email)
    existing = User.objects.filter(username=email).select_related("customer").first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=email, email=email, password=password
                )
        except IntegrityError:
            existing = User.objects.select_related("customer").get(username=email)
        else:
            Customer.objects.create(user=user)
            emails.verify_account(user)
            return
    # Hash anyway, so both answers take as long.
    make_password(password)
    customer = getattr(existing, "customer", None)
    if customer is not None and not customer.is_verified:
        emails.verify_account(existing)
    else:
        emails.already_registered(email)


@transaction.atomic
def create_customer(*, email: str, password_hash: str = "", verified: bool = True):
    """Return the customer account for ``email``, creating it if there is none.

    For importers (the PrestaShop import): ``password_hash`` is a hash in
    one of Django's formats (empty: no usable password, so the customer
    chooses one through “Forgotten your password?”). An existing account is
    returned unchanged apart from gaining a ``Customer`` row if it had none.
    Its earlier guest orders are linked when ``verified``.
    """
    email = normalise_email(email)
    user, created = User.objects.get_or_create(
        username=email, defaults={"email": email}
    )
    if created:
        if password_hash:
            user.password = password_hash
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    customer, _ = Customer.objects.get_or_create(
        user=user, defaults={"verified_at": timezone.now() if verified else None}
    )
    user.customer = customer
    link_orders(user=user)
    return user


def resend_verification(*, user) -> None:
    """Email a fresh confirmation link to a customer who has not confirmed."""
    if not user.customer.is_verified:
        emails.verify_account(user)


@transaction.atomic
def verify(*, user) -> int:
    """Mark the customer's email confirmed; link their orders; return how many.

    Their first saved address is copied from their latest order.
    """
    customer = Customer.objects.select_for_update().get(user=user)
    if customer.verified_at is None:
        customer.verified_at = timezone.now()
        customer.save(update_fields=["verified_at"])
    user.customer = customer
    linked = link_orders(user=user)
    if not customer.addresses.exists():
        order = Order.objects.filter(user=user).order_by("-created_at").first()
        if order is not None:
            Address.objects.create(
                customer=customer,
                is_default=True,
                **{field: getattr(order, field) for field in ADDRESS_FIELDS},
            )
    return linked


ADDRESS_FIELDS = ["name", "line1", "line2", "city", "region", "postcode", "country"]


def link_orders(*, user) -> int:
    """Give a verified customer the guest orders placed under their email."""
    customer = getattr(user, "customer", None)
    if customer is None or not customer.is_verified:
        return 0
    return Order.objects.filter(user__isnull=True, email__iexact=user.email).update(
        user=user
    )


@transaction.atomic
def request_email_change(*, user, new_email: str) -> None:
    """Remember ``new_email`` and email it a link; nothing changes until it is used.

    An address that already belongs to an account is told so by email, and the
    answer on the page is the same either way.
    """
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError("That is already your email address.")
    if User.objects.filter(username=new_email).exists():
        emails.already_registered(new_email)
        return
    customer = user.customer
    customer.pending_email = new_email
    customer.save(update_fields=["pending_email"])
    emails.verify_new_email(user)


@transaction.atomic
def confirm_email_change(*, user) -> int:
    """Make the pending email the account's; return how many orders it linked.

    Raises ``AccountError`` when another account took the address meanwhile.
    """
    customer = Customer.objects.select_for_update().get(user=user)
    new_email, old_email = customer.pending_email, user.email
    if not new_email:
        raise AccountError("There is no change of email waiting.")
    if User.objects.filter(username=new_email).exclude(pk=user.pk).exists():
        raise AccountError(
            "That email address now belongs to another account, so yours is unchanged."
        )
    user.username = user.email = new_email
    user.save(update_fields=["username", "email"])
    customer.pending_email = ""
    customer.verified_at = timezone.now()
    customer.save(update_fields=["pending_email", "verified_at"])
    user.customer = customer
    emails.email_changed(old_email=old_email, new_email=new_email)
    return link_orders(user=user)


# Addresses --------------------------------------------------------------


@transaction.atomic
def save_address(*, customer, address: Address | None = None, **fields) -> Address:
    """Create or change one of the customer's addresses; the first is the default."""
    if address is None:
        address = Address(customer=customer)
    elif address.customer_id != customer.pk:
        raise Address.DoesNotExist
    make_default = fields.pop("is_default", False)
    for name, value in fields.items():
        setattr(address, name, value)
    if not customer.addresses.exclude(pk=address.pk).filter(is_default=True).exists():
        make_default = True
    if make_default:
        customer.addresses.exclude(pk=address.pk).update(is_default=False)
    address.is_default = make_default or address.is_default
    address.save()
    return address


@transaction.atomic
def make_default(*, customer, address: Address) -> None:
    if address.customer_id != customer.pk:
        raise Address.DoesNotExist
    customer.addresses.exclude(pk=address.pk).update(is_default=False)
    Address.objects.filter(pk=address.pk).update(is_default=True)


@transaction.atomic
def delete_address(*, customer, address: Address) -> None:
    """Delete an address; when it was the default, the oldest left takes over."""
    if address.customer_id != customer.pk:
        raise Address.DoesNotExist
    address.delete()
    if address.is_default:
        following = customer.addresses.order_by("created_at", "pk").first()
        if following is not None:
            Address.objects.filter(pk=following.pk).update(is_default=True)


# Orders -----------------------------------------------------------------


def buy_again(*, cart, order: Order) -> tuple[int, list[str]]:
    """Put the order's lines still for sale into ``cart``; return items and notes.

    Each line goes in through the cart's own ``add``, so stock and the line
    limit apply as they do on a product page.
    """
    added, notes = 0, []
    ids = [line.product_id for line in order.lines.all() if line.product_id]
    products = Product.objects.published().in_bulk(ids)
    for line in order.lines.all():
        product = products.get(line.product_id)
        if product is None:
            notes.append(f"“{line.title}” is no longer for sale.")
            continue
        try:
            result = cart_services.add(
                cart=cart, product=product, quantity=line.quantity
            )
        except cart_services.CartError as error:
            notes.append(str(error))
            continue
        added += result.added
        if result.reduced:
            notes.append(result.message)
    return added, notes

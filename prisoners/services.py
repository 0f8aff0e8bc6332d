"""Changes to the prisoner-support queue: requests made, books packed and
sent, requests declined, and prisoners' details removed after a while.

Every status change goes through ``set_status`` (``PrisonerRequest.pipeline``,
read under a row lock). Packing takes the books off the shelf with a
conditional ``UPDATE … WHERE stock >= n`` (as ``checkout.stock``) and charges
their list price to the prisoner fund in the same transaction. No email here
names a prisoner: groups get the request's reference only.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalog.models import Product
from checkout import services as checkout_services
from checkout.models import Order
from outbox import services as outbox
from shop.cache import catalogue_changed
from shop.money import ZERO, format_money, to_money

from . import selectors
from .models import Prison, PrisonerRequest, RequestBook

Status = PrisonerRequest.Status


class RequestRefused(Exception):
    """A change the request's state or the prison's rules do not allow."""

    def __init__(self, messages):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class RequestData:
    """What a support group asks for through the public form."""

    group_name: str
    group_email: str
    prisoner_name: str
    prisoner_number: str
    prison_name: str
    prison_address: str
    titles_wanted: str = ""
    rules_notes: str = ""
    wanted: tuple[Product, ...] = field(default=())


@transaction.atomic
def submit_request(*, data: RequestData) -> PrisonerRequest:
    """Put a support group's request in the queue and tell the group."""
    request = PrisonerRequest.objects.create(
        source=PrisonerRequest.Source.FORM,
        group_name=data.group_name,
        group_email=data.group_email,
        prisoner_name=data.prisoner_name,
        prisoner_number=data.prisoner_number,
        prison_name=data.prison_name,
        prison_address=data.prison_address,
        prison=Prison.objects.filter(name__iexact=data.prison_name).first(),
        titles_wanted=data.titles_wanted,
        rules_notes=data.rules_notes,
    )
    request.wanted.set(data.wanted)
    _tell_group(request, "received", f"We have your request {request.reference}")
    return request


def queue_order(order: Order) -> PrisonerRequest:
    """Put the books of an order bought for a prisoner in the queue.

    Their stock went with the order and the shopper paid for them, so they
    cost the fund nothing; staff add the prisoner who receives them.
    """
    request = PrisonerRequest.objects.create(
        source=PrisonerRequest.Source.ORDER, order=order
    )
    RequestBook.objects.bulk_create(
        RequestBook(
            request=request,
            product_id=line.product_id,
            quantity=line.quantity,
            from_order=True,
            stock_taken=True,
        )
        for line in order.lines.all()
        if line.product_id is not None
    )
    return request


def set_status(request: PrisonerRequest, *, to: str, **fields) -> bool:
    """Move the request to ``to`` if the pipeline allows it from the status
    read under lock; return whether it moved. Must run inside a transaction."""
    current = PrisonerRequest.objects.select_for_update().get(pk=request.pk)
    if not current.may_become(to):
        return False
    if to in PrisonerRequest.CLOSED:
        fields["closed_at"] = timezone.now()
    PrisonerRequest.objects.filter(pk=request.pk, status=current.status).update(
        status=to, **fields
    )
    request.status = to
    for name, value in fields.items():
        setattr(request, name, value)
    return True


@transaction.atomic
def accept(*, request: PrisonerRequest) -> bool:
    """Accept a new request; a bought one only once its order is paid."""
    order = Order.objects.filter(pk=request.order_id).first()
    if order is not None and order.status not in (
        Order.Status.PAID,
        Order.Status.SHIPPED,
    ):
        raise RequestRefused(
            [f"Order {order.number} is {order.get_status_display()}: not paid yet."]
        )
    return set_status(request, to=Status.ACCEPTED)


@transaction.atomic
def pack(*, request: PrisonerRequest) -> bool:
    """Pack an accepted request: check the prison's rules, take the books from
    stock and charge them to the fund; nothing changes if anything is wrong."""
    current = PrisonerRequest.objects.select_for_update().get(pk=request.pk)
    if current.status != Status.ACCEPTED:
        return False
    books = list(current.books.select_related("product").order_by("product_id"))
    _check_rules(current, books)
    cost = ZERO
    catalogue_changed()
    short = []
    for book in books:
        if book.stock_taken:
            continue
        taken = Product.objects.filter(
            pk=book.product_id, stock__gte=book.quantity
        ).update(stock=F("stock") - book.quantity)
        if not taken:
            short.append(f"Not enough of “{book.product.title}” in stock.")
            continue
        book.cost = to_money(book.product.price * book.quantity)
        book.stock_taken = True
        cost += book.cost
    if short:
        raise RequestRefused(short)
    balance = selectors.fund().balance
    if cost > balance:
        raise RequestRefused(
            [
                f"These books cost {format_money(cost)} and the prisoner fund "
                f"holds {format_money(balance)}."
            ]
        )
    RequestBook.objects.bulk_update(books, ["cost", "stock_taken"])
    return set_status(request, to=Status.PACKED)


def _check_rules(request: PrisonerRequest, books: list[RequestBook]) -> None:
    problems = []
    if not (request.prisoner_name and request.prisoner_number):
        problems.append("Add the prisoner's name and number.")
    prison = request.prison
    if prison is None:
        problems.append("Choose the prison, so its rules on books are kept.")
    if not books:
        problems.append("Choose the books to send.")
    if prison is not None:
        count = sum(book.quantity for book in books)
        if prison.max_books is not None and count > prison.max_books:
            problems.append(
                f"{prison.name} takes at most {prison.max_books} books a parcel "
                f"(this has {count})."
            )
        if not prison.allows_hardbacks:
            problems.extend(
                f"{prison.name} takes no hardbacks: “{book.product.title}”."
                for book in books
                if book.product.format == Product.Format.HARDBACK
            )
    if problems:
        raise RequestRefused(problems)


@transaction.atomic
def send(*, request: PrisonerRequest, by=None) -> bool:
    """Record that the parcel left; the order's shopper hears it is on its way."""
    if not set_status(request, to=Status.SENT):
        return False
    if request.order_id is not None:
        order = Order.objects.get(pk=request.order_id)
        checkout_services.mark_shipped(order=order, by=by)
    _tell_group(request, "sent", f"Books sent for your request {request.reference}")
    return True


@transaction.atomic
def decline(*, request: PrisonerRequest, reason: str) -> bool:
    """Decline a request before packing, saying why (emailed to the group)."""
    reason = reason.strip()[:500]
    if not reason:
        raise RequestRefused(["Write the reason for declining in the request."])
    if not set_status(request, to=Status.DECLINED, decline_reason=reason):
        return False
    _tell_group(request, "declined", f"Your request {request.reference}")
    return True


def _tell_group(request: PrisonerRequest, kind: str, subject: str) -> None:
    if not request.group_email:
        return
    outbox.queue_email(
        to=request.group_email,
        subject=subject,
        template=f"prisoners/emails/{kind}",
        # Only what the group may read in any inbox: never the prisoner.
        context={
            "reference": request.reference,
            "group_name": request.group_name,
            "reason": request.decline_reason,
            "SHOP_NAME": settings.SHOP_NAME,
            "SHOP_EMAIL": settings.SHOP_EMAIL,
        },
        about=request,
        kind=f"prisoners.{kind}",
    )


def anonymise_closed(*, now=None) -> int:
    """Remove prisoners' details from requests closed longer ago than
    ``PRISONER_DATA_RETENTION_DAYS``; return how many requests were cleared."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PRISONER_DATA_RETENTION_DAYS)
    return PrisonerRequest.objects.filter(
        status__in=PrisonerRequest.CLOSED,
        closed_at__lte=cutoff,
        anonymised_at__isnull=True,
    ).update(
        prisoner_name="",
        prisoner_number="",
        prison_name="",
        prison_address="",
        rules_notes="",
        slip_note="",
        anonymised_at=now,
    )

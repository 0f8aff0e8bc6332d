"""Trade pages: apply, the trade home, and (for approved accounts) quick order,
statement, invoices and consignments.

Every page is scoped to the signed-in buyer's own account: another account's
invoice is a 404, and a retail customer gets a 403 on trade-only pages.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from accounts.selectors import customer_for
from cart import services as cart_services

from . import pdf, selectors, services
from . import quick_order as quick_order_rules
from .forms import ApplyForm, QuickOrderForm
from .models import Invoice


def trade_required(view):
    """Sign-in and an approved trade account required: ``request.trade_account``."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        member = selectors.membership_of(request.user)
        if member is None or not member.account.is_approved:
            return render(
                request, "trade/not_trade.html", {"member": member}, status=403
            )
        request.trade_account = member.account
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
def home(request):
    """The trade home: what trade accounts are, the application's state, or the
    approved account's links.

    Template ``trade/home.html``; context ``account`` (None before applying).
    """
    member = selectors.membership_of(request.user)
    if member is None and request.user.is_authenticated:
        return redirect("trade:apply")
    account = member.account if member else None
    return render(request, "trade/home.html", {"account": account})


@login_required
def apply(request):
    """Apply for a trade account (template ``trade/apply.html``, context ``form``)."""
    if selectors.membership_of(request.user) is not None:
        if request.method == "POST":
            messages.error(request, "You already belong to a trade account.")
            return redirect("trade:home")
        return redirect("trade:home")
    form = ApplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.apply(customer=customer_for(request.user), **form.cleaned_data)
            except services.TradeError as error:
                messages.error(request, str(error))
                return redirect("trade:home")
            messages.success(
                request, "Thank you: we will email you when we have decided."
            )
            return redirect("trade:home")
        status = 400
    return render(request, "trade/apply.html", {"form": form}, status=status)


@trade_required
def quick_order(request):
    """Type or paste "ISBN or title, quantity" lines; they go into one cart.

    Template ``trade/quick_order.html``; context ``form``, ``results`` (one
    per line, after a POST) and ``totals``.
    """
    form = QuickOrderForm(request.POST or None)
    results = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cart = cart_services.get_or_create_cart(request)
            results = quick_order_rules.add_lines(
                cart=cart, text=form.cleaned_data["lines"]
            )
            request.cart.reload()
            added = sum(r.added for r in results)
            if added:
                messages.success(
                    request,
                    f"{added} item{'s' if added != 1 else ''} added to your cart.",
                )
            if not all(r.ok for r in results):
                status = 400 if not added else 200
                form = QuickOrderForm(
                    initial={"lines": "\n".join(r.text for r in results if not r.ok)}
                )
            else:
                return redirect("cart:detail")
        else:
            status = 400
    return render(
        request,
        "trade/quick_order.html",
        {"form": form, "results": results, "totals": request.cart.totals},
        status=status,
    )


def _invoices_for(request):
    """Staff see every invoice; a buyer only their own account's."""
    if request.user.is_staff:
        return Invoice.objects.all()
    return selectors.invoices_of(request.trade_account)


def staff_or_trade(view):
    """Like ``trade_required``, but staff may look too (from admin)."""
    trade_view = trade_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_staff:
            return view(request, *args, **kwargs)
        return trade_view(request, *args, **kwargs)

    return wrapper


@require_GET
@staff_or_trade
def invoice(request, number):
    """One invoice as a page (template ``trade/invoice.html``)."""
    found = get_object_or_404(
        selectors.with_lines(_invoices_for(request)), number=number
    )
    return render(request, "trade/invoice.html", pdf.invoice_context(found))


@require_GET
@staff_or_trade
def invoice_pdf(request, number):
    """The same invoice as a PDF download."""
    found = get_object_or_404(
        selectors.with_lines(_invoices_for(request)), number=number
    )
    response = HttpResponse(
        pdf.invoice_pdf(found, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{found.label}.pdf"'
    return response


@require_GET
@trade_required
def statement(request):
    """The account's invoices, payments, balance and what is overdue.

    Template ``trade/statement.html``; context ``account``, ``rows`` (invoices
    and payments by date, each with the running balance), ``balance``,
    ``overdue``.
    """
    return render(
        request,
        "trade/statement.html",
        selectors.statement(request.trade_account),
    )


@require_GET
@trade_required
def consignments(request):
    """The account's consignments, open ones first (``trade/consignments.html``)."""
    return render(
        request,
        "trade/consignments.html",
        {
            "account": request.trade_account,
            "consignments": list(selectors.consignments_of(request.trade_account)),
        },
    )


def _credit_notes_for(request):
    """Staff see every credit note; a buyer only their own account's."""
    if request.user.is_staff:
        return selectors.all_credit_notes()
    return selectors.credit_notes_of(request.trade_account)


@require_GET
@staff_or_trade
def credit_note(request, number):
    """One credit note as a page (template ``trade/credit_note.html``)."""
    found = get_object_or_404(_credit_notes_for(request), number=number)
    return render(request, "trade/credit_note.html", pdf.credit_note_context(found))


@require_GET
@staff_or_trade
def credit_note_pdf(request, number):
    """The same credit note as a PDF download."""
    found = get_object_or_404(_credit_notes_for(request), number=number)
    response = HttpResponse(
        pdf.credit_note_pdf(found, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{found.label}.pdf"'
    return response

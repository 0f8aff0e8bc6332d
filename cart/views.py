"""The cart's pages and the posts that change it. Every form works without JS;
``cart.js`` sends the same posts with ``Accept: application/json`` and gets
the message and the re-rendered mini cart back instead of a redirect."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from catalog.views import product_page
from shop.money import format_money

from . import selectors, services
from .countries import COUNTRIES, country_name
from .forms import AddForm, DestinationForm, PriceForm, UpdateForm
from .models import CartLine
from .pricing import LIST, PWYC
from .totals import cached_zones, cart_totals


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _safe_next(request, default: str) -> str:
    """Return the posted ``next`` if it is a path on this site, else ``default``.

    Only a path will do: ``redirect()`` would try any other text (``0``,
    ``x``) as a view name, and answer a 500 when there is none.
    """
    candidate = request.POST.get("next", "")
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return default


def _reply(request, *, message: str, ok: bool, next_url: str, status=None):
    """Answer a post: JSON and the fresh mini cart for JS, else message and redirect."""
    if _wants_json(request):
        request.cart.reload()  # show the cart as this post left it
        context = selectors.mini_cart_context(request, next_url=next_url)
        fragment = render_to_string(
            "includes/mini_cart.html#body", context, request=request
        )
        return JsonResponse(
            {
                "ok": ok,
                "message": message,
                "item_count": context["totals"].item_count,
                "mini_cart": fragment,
            },
            status=status or (200 if ok else 400),
        )
    (messages.success if ok else messages.error)(request, message)
    return HttpResponseRedirect(next_url)


def _not_found(request, message: str):
    """Answer a post about something not there: a 404, with words for the script.

    Without JavaScript the site's 404 page is the answer; the script gets the
    message and the mini cart as it really is, to show in place.
    """
    if not _wants_json(request):
        raise Http404(message)
    return _reply(
        request, message=message, ok=False, next_url=reverse("cart:detail"), status=404
    )


def _first_error(form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return "Please check what you entered."


def _cart_page(request, *, update_form=None, amount_error=None, status=200):
    """Render the cart page; ``update_form`` is a bound form whose errors to show.

    **Template:** ``cart/cart_detail.html``; the page and its mini cart show
    the same ``request.cart``.
    """
    cart = request.cart.cart
    # The bylines' credits, on the lines the totals price.
    selectors.with_credits(request.cart.lines, request)
    totals = request.cart.totals
    # Without a posted form each field shows its line's quantity, no error.
    fields = update_form.fields if update_form is not None else {}
    country = totals.country or (cart.country if cart else "")
    rows = []
    for row in totals.lines:
        name = f"{UpdateForm.PREFIX}{row.line.pk}"
        field = update_form[name] if name in fields else None
        rows.append(
            {
                "row": row,
                # A property that sorts the credits: worked out once a line,
                # not for each of the four places the row shows it.
                "byline": row.line.product.byline if row.line.product else "",
                "name": name,
                "value": row.line.quantity if field is None else field.value(),
                "error": field.errors[0] if field is not None and field.errors else "",
                # A refused pay-what-you-can amount: (line pk, error, as typed).
                "amount_error": amount_error[1]
                if amount_error and amount_error[0] == row.line.pk
                else "",
                "amount_value": amount_error[2]
                if amount_error and amount_error[0] == row.line.pk
                else row.amount,
            }
        )
    # A TemplateResponse: cart.middleware draws the page from its kept shell
    # (base.html's) when there is one, only the holes rendered; the cart
    # itself is one of them.
    return TemplateResponse(
        request,
        "cart/cart_detail.html",
        {
            "shell": "cart",
            "totals": totals,
            "rows": rows,
            "price_changes": [row for row in totals.lines if row.price_was is not None],
            "price_problems": [row for row in totals.lines if row.price_problem],
            "countries": COUNTRIES.items(),
            "country": country,
            "country_name": country_name(country),
            "method_refused": totals.method_refused,
            "line_limit": settings.CART_LINE_LIMIT,
        },
        status=status,
    )


@require_GET
def cart_detail(request):
    return _cart_page(request)


@require_POST
def add(request):
    try:
        product = selectors.product_for_sale(request.POST.get("product"))
    except LookupError:
        return _not_found(request, "Sorry, that product is not for sale.")
    next_url = _safe_next(request, product.get_absolute_url())
    form = AddForm(request.POST)
    if not form.is_valid():
        if "amount" in form.errors:
            message = form.errors["amount"][0]
            return _amount_refused(request, product, message, next_url)
        return _reply(request, message=_first_error(form), ok=False, next_url=next_url)
    choice = form.cleaned_data["price_choice"] or LIST
    try:
        # Checked before a cart (and a session) is made for a refused amount.
        services.check_price(
            product, choice, form.cleaned_data["amount"], request.cart.buyer
        )
    except services.CartError as error:
        if choice == PWYC:
            return _amount_refused(request, product, str(error), next_url)
        return _reply(request, message=str(error), ok=False, next_url=next_url)
    had_cart = request.session.get(selectors.SESSION_KEY)
    try:
        # One commit for a new cart and its first line, not two.
        with transaction.atomic():
            result = services.add(
                cart=services.get_or_create_cart(request),
                product=product,
                quantity=form.cleaned_data["quantity"],
                price_choice=choice,
                amount=form.cleaned_data["amount"],
                buyer=request.cart.buyer,
            )
    except services.CartError as error:
        # Rolled back: the session must not name a cart that was never kept
        # (its id could be given to another visitor's cart).
        if request.session.get(selectors.SESSION_KEY) != had_cart:
            if had_cart is None:
                del request.session[selectors.SESSION_KEY]
            else:
                request.session[selectors.SESSION_KEY] = had_cart
        return _reply(request, message=str(error), ok=False, next_url=next_url)
    return _reply(request, message=result.message, ok=True, next_url=next_url)


def _amount_refused(request, product, message: str, next_url: str):
    """Refuse a pay-what-you-can amount: the product page again, error beside it.

    The script gets the message as JSON (400), as for any refused add.
    """
    if _wants_json(request):
        return _reply(request, message=message, ok=False, next_url=next_url)
    return product_page(
        request,
        product.pk,
        status=400,
        amount_error=message,
        amount_value=str(request.POST.get("amount", ""))[:20],
    )


@require_POST
def remove(request):
    cart = request.cart.cart
    line = selectors.line_of(cart, request.POST.get("line"))
    if line is None:
        return _not_found(request, "That product was no longer in your cart.")
    message = services.remove_line(cart=cart, line=line)
    return _reply(
        request,
        message=message,
        ok=True,
        next_url=_safe_next(request, reverse("cart:detail")),
    )


@require_POST
def update(request):
    cart = request.cart.cart
    posted = UpdateForm.posted_line_ids(request.POST)
    lines = selectors.mini_cart_lines(cart)
    if posted - {str(line.pk) for line in lines}:
        # A line of somebody else's cart, or none at all: change nothing.
        raise Http404("No such line in your cart")
    if cart is None or not posted:
        messages.info(request, "Your cart has not been changed.")
        return redirect("cart:detail")
    form = UpdateForm(request.POST, lines=[ln for ln in lines if str(ln.pk) in posted])
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label}: {errors[0]}" if label else errors[0])
        messages.info(request, "Your cart has not been changed.")
        # Shown again with what the shopper typed, each error beside its field.
        return _cart_page(request, update_form=form, status=400)
    try:
        updated = services.update_quantities(cart=cart, quantities=form.quantities())
    except CartLine.DoesNotExist:
        raise Http404("No such line in your cart") from None
    except services.CartError as error:
        messages.error(request, str(error))
        return redirect("cart:detail")
    for notice in updated.removed:
        messages.success(request, notice)
    # "Up to date" only when nothing had to be put right: beside a
    # correction it would read as if the shopper's numbers were kept.
    if not updated.corrections:
        messages.success(request, "Your cart is up to date.")
    for notice in updated.corrections:
        messages.warning(request, notice)
    return redirect("cart:detail")


@require_POST
def destination(request):
    cart = request.cart.cart
    form = DestinationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("cart:detail")
    if cart is None:
        messages.info(request, "Your cart is empty: add something first.")
        return redirect("cart:detail")
    zones = cached_zones(request)
    services.set_destination(
        cart=cart,
        country=form.cleaned_data["country"],
        method_id=form.cleaned_data["method"],
        zones=zones,
    )
    totals = cart_totals(cart, zones=zones, buyer=request.cart.buyer)
    place = country_name(cart.country)
    if totals.is_empty:
        messages.success(request, f"Postage will be worked out for {place}.")
    elif totals.method is None:
        messages.warning(request, f"Sorry, we cannot post this order to {place}.")
    else:
        refused = totals.method_refused
        price = format_money(totals.shipping) if totals.shipping else "free"
        messages.success(
            request,
            (f"{refused.reason} " if refused else "")
            + f"Postage to {place}: {totals.method.name}, {price}.",
        )
    return redirect("cart:detail")


@require_POST
def apply_code(request):
    """Put a discount code on the cart (from the cart or the review page)."""
    next_url = _safe_next(request, reverse("cart:detail"))
    cart = request.cart.cart
    if cart is None:
        messages.info(request, "Your cart is empty: add something first.")
        return redirect(next_url)
    try:
        message = services.apply_code(
            cart=cart,
            text=request.POST.get("code", ""),
            buyer=request.cart.buyer,
            user=request.user,
        )
    except services.CartError as error:
        messages.error(request, str(error))
        return redirect(next_url)
    messages.success(request, message)
    return redirect(next_url)


@require_POST
def remove_code(request):
    next_url = _safe_next(request, reverse("cart:detail"))
    cart = request.cart.cart
    if cart is not None and services.remove_code(cart=cart):
        messages.success(request, "The discount code was removed.")
    else:
        messages.info(request, "There was no discount code on your cart.")
    return redirect(next_url)


@require_POST
def choose_price(request):
    """Change a line's solidarity choice from the cart page."""
    cart = request.cart.cart
    line = selectors.line_of(cart, request.POST.get("line"))
    if line is None:
        return _not_found(request, "That product was no longer in your cart.")
    form = PriceForm(request.POST)
    error = _first_error(form) if not form.is_valid() else ""
    if not error:
        try:
            message = services.choose_price(
                cart=cart,
                line=line,
                choice=form.cleaned_data["price_choice"],
                amount=form.cleaned_data["amount"],
                buyer=request.cart.buyer,
            )
        except services.CartError as refused:
            error = str(refused)
    if not error:
        messages.success(request, message)
        return redirect("cart:detail")
    if request.POST.get("price_choice") != PWYC:
        messages.error(request, error)
        return redirect("cart:detail")
    # The amount typed, shown again beside its field with what is wrong.
    messages.error(request, f"Your price was not changed: {error}")
    return _cart_page(
        request,
        amount_error=(line.pk, error, str(request.POST.get("amount", ""))[:20]),
        status=400,
    )

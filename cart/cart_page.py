"""The cart page's line rows, their forms and the postage methods, drawn in
Python as product cards are.

Through the template engine each line cost three includes, two price tags
and some sixty lookups: most of the cart page's drawing, and a new visitor's
cart page is always a first drawing (``bench/profile_page.py /cart/
--shopper pair``). Here every value is escaped (``cart.cards._e``) into the
same markup ``cart/cart_detail.html`` had: the price cell of
``includes/line_price.html`` with the "was" note, the labelled quantity field
with its error, the price choice and pay-what-you-can forms of
``cart/includes/line_price_form.html``, the hidden remove forms, and the
postage methods' radio buttons with their prices or why they are not offered.

Prices come from ``cart_totals`` (each row is a ``TotalsLine``); the forms'
choices and ranges from ``cart.pricing``, as the template tags read them.
"""

from django.utils.safestring import mark_safe

from shop.money import format_money

from .cards import _e, kept_url
from .pricing import CHOICE_LABELS, PWYC, REDUCED, SOLIDARITY, choices_for, pwyc_range

_ROW = """<tr class="cart-line">
          <td class="cart-line__cover">
            {cover}
          </td>
          <td class="cart-line__product">
            <a class="cart-line__title" href="{url}">{title}</a>
            {byline}
          </td>
          <td class="cart-lines__num" data-label="Price">{price}</td>
          <td class="cart-lines__num cart-line__quantity{error_class}" \
data-label="Quantity">
            <label class="visually-hidden" for="{name}">Quantity of {title}</label>
            <input id="{name}" type="number" name="{name}" value="{value}" min="0" \
max="{limit}" inputmode="numeric" required{invalid}{described}>
            {error}
          </td>
          <td class="cart-lines__num cart-line__total" data-label="Total">{total}</td>
          <td class="cart-line__remove">
            <button type="submit" form="remove-{pk}" class="button-link">Remove<span \
class="visually-hidden"> {title}</span></button>
          </td>
        </tr>
        """
_IMAGE = '<img src="{}" alt="" width="60" height="90" loading="lazy">'
_NO_COVER = '<span class="cart-line__no-cover" aria-hidden="true"></span>'
_BYLINE = '<span class="cart-line__byline" id="byline-{}">{}</span>'
_NOTE = '<br><span class="price-cover">{}</span>'
_PROBLEM = '<br><span class="price-problem">{}</span>'
_WAS = '<span class="cart-line__was">{}was {}</span>'
_ERROR = '<span class="cart-line__error" id="{}-error">{}</span>'
# What the price cell says beside a retail choice's unit price.
_CHOICE_NOTES = {
    SOLIDARITY: "solidarity price; list {}",
    REDUCED: "can't afford it price; list {}",
    PWYC: "pay what you can; list {}",
}

_REMOVE = """
  <form id="remove-{pk}" method="post" action="{action}" hidden>
    {token}
    <input type="hidden" name="line" value="{pk}">
    <input type="hidden" name="next" value="{next}">
  </form>
  """
_TOKEN = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_PWYC_FORM = """
<form class="cart-price-choice" method="post" action="{action}">
  {token}<input type="hidden" name="line" value="{pk}"><input type="hidden" \
name="price_choice" value="pwyc">
  <p class="pwyc{error_class}">
    <label for="amount-{pk}">Pay what you can for {title} (£)</label>
    <span class="form-help" id="amount-{pk}-hint">{hint}</span>
    {error}
    <input id="amount-{pk}" name="amount" type="text" inputmode="decimal" \
autocomplete="off" size="8" value="{value}" required \
aria-describedby="amount-{pk}-hint{error_id}"{invalid}>
    <button type="submit">Change amount<span class="visually-hidden"> for {title}\
</span></button>
  </p>
</form>"""
_AMOUNT_ERROR = '<span class="pwyc__error" id="amount-{}-error">{}</span>'
_CHOICE_FORM = """
<form class="cart-price-choice" method="post" action="{action}">
  {token}<input type="hidden" name="line" value="{pk}">
  <fieldset><legend>Your price for {title}</legend>
    {choices}
    <button type="submit">Change price<span class="visually-hidden"> for {title}\
</span></button>
  </fieldset>
</form>"""
_CHOICE = (
    '<span><input type="radio" name="price_choice" id="line-{pk}-{value}" '
    'value="{value}"{checked}> <label for="line-{pk}-{value}">{label}: {amount}'
    "</label></span> "
)


def _money(amount) -> str:
    return _e(format_money(amount))


def _cover(product) -> str:
    image = product.cover_thumbnail or product.cover
    return _IMAGE.format(_e(image.url)) if image else _NO_COVER


def price_cell(row, *, was: bool = True) -> str:
    """Return a line's price: the unit paid, what it follows, a problem, and
    (``was``) the price the shopper saw before it changed."""
    html = _money(row.unit_price)
    if row.is_trade:
        html += _NOTE.format(f"trade; cover {_money(row.cover_price)}")
    elif row.choice in _CHOICE_NOTES:
        html += _NOTE.format(_CHOICE_NOTES[row.choice].format(_money(row.cover_price)))
    if row.price_problem:
        html += _PROBLEM.format(_e(row.price_problem))
    if was and row.price_was is not None:
        html += _WAS.format("cover " if row.is_trade else "", _money(row.price_was))
    return html


def line_rows(items, *, line_limit: int) -> str:
    """Return the table rows of the cart view's ``items`` (see ``views._cart_page``)."""
    html = []
    for item in items:
        row = item["row"]
        product, pk = row.line.product, int(row.line.pk)
        title = _e(product.title)
        name = _e(item["name"])
        error, byline = item["error"], item["byline"]
        described = []
        if error:
            described.append(f"{name}-error")
        if byline:
            described.append(f"byline-{pk}")
        value = item["value"]
        html.append(
            _ROW.format(
                cover=_cover(product),
                url=_e(product.get_absolute_url()),
                title=title,
                byline=_BYLINE.format(pk, _e(byline)) if byline else "",
                price=price_cell(row),
                error_class=" has-error" if error else "",
                name=name,
                value="" if value is None else _e(value),
                limit=int(line_limit),
                invalid=' aria-invalid="true"' if error else "",
                described=f' aria-describedby="{" ".join(described)}"'
                if described
                else "",
                error=_ERROR.format(name, _e(error)) if error else "",
                total=_money(row.line_total),
                pk=pk,
            )
        )
    return mark_safe("".join(html))


def line_forms(items, *, buyer, token) -> str:
    """Return each line's price form (when it has choices) and its remove form.

    ``buyer``: the trade terms, or None; trade buyers choose no price.
    """
    urls = {name: kept_url(f"cart:{name}") for name in ("remove", "price", "detail")}
    token = _TOKEN.format(_e(token)) if token else ""
    html = []
    for item in items:
        if buyer is None:
            html.append(_price_form(item, urls["price"], token))
        html.append(
            _REMOVE.format(
                pk=int(item["row"].line.pk),
                action=urls["remove"],
                token=token,
                next=urls["detail"],
            )
        )
    return mark_safe("".join(html))


def _price_form(item, action, token) -> str:
    row = item["row"]
    product, pk = row.line.product, int(row.line.pk)
    title = _e(product.title)
    offered = pwyc_range(product)
    if offered is not None:
        error = item["amount_error"]
        value = item["amount_value"]
        return _PWYC_FORM.format(
            action=action,
            token=token,
            pk=pk,
            title=title,
            hint=_e(offered.hint),
            error_class=" has-error" if error else "",
            error=_AMOUNT_ERROR.format(pk, _e(error)) if error else "",
            value=_e(offered.suggested if value is None else value),
            error_id=f" amount-{pk}-error" if error else "",
            invalid=' aria-invalid="true"' if error else "",
        )
    choices = choices_for(product)
    if len(choices) < 2:
        return ""
    return _CHOICE_FORM.format(
        action=action,
        token=token,
        pk=pk,
        title=title,
        choices="".join(
            _CHOICE.format(
                pk=pk,
                value=_e(choice),
                checked=" checked" if choice == row.choice else "",
                label=_e(CHOICE_LABELS[choice]),
                amount=_money(amount),
            )
            for choice, amount in sorted(choices.items(), key=lambda item: -item[1])
        ),
    )


_METHOD = """
          <div class="cart-postage__method{unavailable}">
            <input type="radio" name="method" id="method-{pk}" value="{pk}"\
{checked}{disabled}>
            <label for="method-{pk}">
              <span class="cart-postage__name">{name}</span>
              <span class="cart-postage__price">{price}</span>
            </label>
            {reason}
          </div>
          """
_REASON = '<p class="cart-postage__reason" id="method-{}-reason">{}</p>'


def postage_methods(totals) -> str:
    """Return a radio button for each of ``totals``' postage quotes, the one
    the totals use checked, those that cannot carry the parcel disabled."""
    html = []
    for quote in totals.quotes:
        pk = int(quote.method.pk)
        if not quote.available:
            price = "Not available"
        else:
            price = _money(quote.price) if quote.price else "Free"
        html.append(
            _METHOD.format(
                pk=pk,
                unavailable="" if quote.available else " is-unavailable",
                checked=" checked" if quote.method == totals.method else "",
                disabled=""
                if quote.available
                else f' disabled aria-describedby="method-{pk}-reason"',
                name=_e(quote.method.name),
                price=price,
                reason="" if quote.available else _REASON.format(pk, _e(quote.reason)),
            )
        )
    return mark_safe("".join(html))

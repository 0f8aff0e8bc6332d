"""The product page's buy box: price, availability, and the form to add it to the cart.

Drawn for every request (``{% hole "buy-box" %}``: the price is the buyer's,
the stock is read afresh, the form carries the visitor's CSRF token and the
amount a shopper typed), so it is written in Python, as ``cart.cards`` is:
through the template engine (three includes, four tags, some thirty lookups)
it was the largest part of a shopper's product page after the page's shell
(``bench/profile_page.py --shopper cart``). Every value is escaped.
Prices only through ``cart.pricing``.
"""

from shop.money import format_money

from .cards import _e, kept_url
from .pricing import CHOICE_LABELS, BuyerTerms, choices_for, price_for, pwyc_range

_BOX = """<div class="product__buy">
    <div class="buy-box">
      <p class="buy-box__price">{price}
 <span class="availability{out}">{availability}</span></p>
      {form}
    </div>
  </div>"""
_RETAIL = '<span class="price price--large">{}</span>'
_TRADE = (
    '<span class="price price--trade price--large"><span class="price__label">'
    'Trade</span> {}</span> <span class="price-cover">cover price {}</span>'
)
_TOKEN = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_FORM = """
      <form class="add-to-cart" method="post" action="{action}" data-add-to-cart>
        {token}
        <input type="hidden" name="product" value="{pk}">
        <input type="hidden" name="next" value="{next}">
        {choices}
        {pwyc}
        <label for="quantity">Quantity</label>
        <input id="quantity" type="number" name="quantity" value="1" min="1" \
max="{quantity_max}" inputmode="numeric">
        <button type="submit" class="button">Add to cart</button>
      </form>
      """
_CHOICES = """
        <fieldset class="price-choices">
          <legend>Choose your price</legend>
          {}
          <p class="form-help">Paying the solidarity price lets someone who \
can't afford the book pay less.</p>
        </fieldset>"""
_CHOICE = (
    '<div><input type="radio" name="price_choice" id="price-{value}" '
    'value="{value}"{checked}> <label for="price-{value}">{label}: {amount}'
    "</label></div>"
)
_PWYC = """
<div class="pwyc{error_class}">
  <input type="hidden" name="price_choice" value="pwyc">
  <label for="pwyc-amount">Pay what you can (£)</label>
  <p class="form-help" id="pwyc-amount-hint">{hint} The price is {price}: paying \
more lets someone who can't afford it pay less.</p>
  {error}
  <input id="pwyc-amount" name="amount" type="text" inputmode="decimal" \
autocomplete="off" size="8" value="{value}" required \
aria-describedby="pwyc-amount-hint{described}"{invalid}>
</div>"""
_PWYC_ERROR = '<p class="pwyc__error" id="pwyc-amount-error">{}</p>'
_REFUSED = '\n<p class="pwyc__error" role="alert">{}</p>'
_ALERT = (
    "\n      \n"
    + """<form class="stock-alert" method="post" action="{action}">
  {token}
  <input type="hidden" name="product" value="{pk}">
  {ask}
</form>


      """
)
_ALERT_SIGNED_IN = """
  <p>We can email you once when “{title}” is back.</p>
  <button type="submit" class="button">Email me when it’s back</button>
  """
_ALERT_EMAIL = """
  <label for="alert-email">Email me when it’s back</label>
  <p class="form-help" id="alert-email-help">We email you once to confirm, once \
when it is back, and never otherwise.</p>
  <input id="alert-email" type="email" name="email" required maxlength="254" \
autocomplete="email" aria-describedby="alert-email-help">
  <button type="submit" class="button">Email me when it’s back</button>
  """


def buy_box(
    product,
    *,
    buyer: BuyerTerms | None,
    token: str,
    next_url: str,
    quantity_max: int,
    signed_in,
    amount_error: str = "",
    amount_value: str = "",
) -> str:
    """Return ``product``'s buy box for ``buyer``, its forms posting ``token``.

    ``signed_in``: a callable saying whether the visitor is signed in, asked
    only for a product out of stock (the alert form); ``amount_error`` and
    ``amount_value``: a refused pay-what-you-can amount, shown again.
    """
    paid = price_for(product, buyer)
    if paid.is_trade:
        price = _TRADE.format(_e(format_money(paid.unit)), _e(format_money(paid.cover)))
    else:
        price = _RETAIL.format(_e(format_money(paid.unit)))
    if product.is_available:
        form = _FORM.format(
            action=kept_url("cart:add"),
            token=_TOKEN.format(_e(token)) if token else "",
            pk=int(product.pk),
            next=_e(next_url),
            choices=_choices(product, buyer),
            pwyc=_pwyc(product, buyer, amount_error, amount_value),
            quantity_max=_e(quantity_max),
        )
    elif product.is_published:
        form = _ALERT.format(
            action=kept_url("accounts:alert_new"),
            token=_TOKEN.format(_e(token)) if token else "",
            pk=int(product.pk),
            ask=(
                _ALERT_SIGNED_IN.format(title=_e(product.title))
                if signed_in()
                else _ALERT_EMAIL
            ),
        )
    else:
        form = "\n      \n\n      "
    return _BOX.format(
        price=price,
        out="" if product.is_available else " availability--out",
        availability=_e(product.availability),
        form=form,
    )


def _choices(product, buyer) -> str:
    """The solidarity prices a retail shopper may choose; none if only one."""
    if buyer is not None:
        return ""
    offered = choices_for(product)
    if len(offered) < 2:
        return ""
    return _CHOICES.format(
        "".join(
            _CHOICE.format(
                value=_e(choice),
                checked=" checked" if choice == "list" else "",
                label=_e(CHOICE_LABELS[choice]),
                amount=_e(format_money(amount)),
            )
            for choice, amount in sorted(offered.items(), key=lambda item: -item[1])
        )
    )


def _pwyc(product, buyer, amount_error, amount_value) -> str:
    """The pay-what-you-can box (retail only), with a refused amount shown again."""
    offered = pwyc_range(product) if buyer is None else None
    if offered is None:
        return _REFUSED.format(_e(amount_error)) + "\n" if amount_error else "\n"
    return (
        _PWYC.format(
            error_class=" has-error" if amount_error else "",
            hint=_e(offered.hint),
            price=_e(format_money(product.price)),
            error=_PWYC_ERROR.format(_e(amount_error)) if amount_error else "",
            value=_e(amount_value if amount_error else offered.suggested),
            described=" pwyc-amount-error" if amount_error else "",
            invalid=' aria-invalid="true"' if amount_error else "",
        )
        + "\n"
    )

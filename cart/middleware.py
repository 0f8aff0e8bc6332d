"""``request.cart``: this browser's cart, read lazily, squared with the catalogue once.

As oscar's ``BasketMiddleware`` puts ``request.basket`` on every request,
``CartMiddleware`` puts a ``RequestCart`` on ``request.cart``. Nothing is read
until a view, or the mini cart, asks; each part is read once per request:

- ``request.cart.cart``: the ``Cart`` row, or None (nothing is created, and a
  browser without a session is not even asked for one);
- ``request.cart.lines``: its lines with their products, after
  ``services.refresh`` has removed or reduced those the catalogue can no
  longer sell, the shopper being told in a message;
- ``request.cart.buyer``: the signed-in buyer's trade terms (``cart.pricing``),
  or None for retail prices;
- ``request.cart.totals``: ``cart_totals`` of those lines for that buyer.

``cart.context_processors.cart`` asks for the lines before a page renders, so
the mini cart tag only reads, and a correction's message is on the page that
made it whatever the template's order. A view that changes the cart calls
``request.cart.reload()`` before showing it again.

A view marked ``@cart_as_it_stands`` sees the lines as stored, uncorrected:
the checkout checks stock itself and says what is short, so a cart never
changes under a shopper who is reviewing it.
"""

from functools import cached_property

from django.contrib import messages

from catalog import selectors as catalog_selectors

from . import selectors, services, state_reads
from .pricing import BuyerTerms
from .state import CartState
from .templatetags.fragments import kept_page
from .totals import CartTotals, cached_zones, cart_totals


class RequestCart:
    """This request's cart, read on first use (see the module docstring)."""

    _parts = ("_stored", "cart", "lines", "totals", "buyer", "state")

    def __init__(self, request):
        self._request = request
        self.corrects = True  # False under @cart_as_it_stands

    @cached_property
    def _stored(self):
        # The cart and its lines as stored, read together (one query).
        return selectors.cart_with_lines(self._request)

    @cached_property
    def cart(self):
        return self._stored[0]

    @cached_property
    def lines(self) -> list:
        lines = list(self._stored[1])
        if not lines or not self.corrects:
            return lines
        lines, notices = services.refresh(cart=self.cart, lines=lines)
        for notice in notices:
            messages.warning(self._request, notice, fail_silently=True)
        return lines

    @cached_property
    def buyer(self) -> BuyerTerms | None:
        """Return the signed-in buyer's terms, or None for retail prices.

        An app above the cart (trade) puts ``find_buyer`` on the request;
        it is asked once, and only when a price is shown.
        """
        find = getattr(self._request, "find_buyer", None)
        return find() if find is not None else None

    @cached_property
    def state(self) -> CartState | None:
        """Return what the cart holds (``cart.state``); None: no cart.

        From the rows this request read already, else one small query.
        """
        if "_stored" in self.__dict__:
            cart, lines = self._stored
            return None if cart is None else CartState.of(cart, lines)
        return state_reads.cart_state(self._request)

    def read_stock(self, product_id, *, request=None) -> int | None:
        """Return product ``product_id``'s stock now (None: no such product).

        Read with the cart's state and the catalogue version, in one
        statement, unless the state is read already: a product page shows
        both (``catalog.selectors.product_for_page`` is given this as
        ``request.read_stock``; ``request`` is this cart's own).
        """
        if "state" in self.__dict__ or "_stored" in self.__dict__:
            return catalog_selectors.product_stock(product_id, request=self._request)
        read = state_reads.cart_state_and_stock(self._request, product_id)
        if read is None:
            return None
        self.__dict__["state"], stock = read
        return stock

    def mini_cart_key(self) -> tuple | None:
        """Name the mini cart this request shows, or None when it must be
        worked out afresh (a cart to correct, or one with a discount code)."""
        return self._key_of(self.state)

    def drawn_key(self) -> tuple | None:
        """Return ``mini_cart_key`` of the rows this request read with the ORM
        (the ones a mini cart was drawn from)."""
        cart, lines = self._stored
        return self._key_of(None if cart is None else CartState.of(cart, lines))

    def _key_of(self, state):
        # No cart: the empty mini cart is drawn (no query), and pages that
        # read nothing of the catalogue need not read its version for it.
        if state is None or not state.cacheable:
            return None
        # The buyer whole: trade terms change prices and the mini cart's note.
        return (repr(state), repr(self.buyer))

    @cached_property
    def totals(self) -> CartTotals:
        if self.cart is None:
            return cart_totals(None)
        return cart_totals(
            self.cart,
            lines=self.lines,
            zones=cached_zones(self._request),
            buyer=self.buyer,
        )

    def reload(self) -> None:
        """Forget what was read, so the next use reads the changed cart."""
        for name in self._parts:
            self.__dict__.pop(name, None)


def cart_as_it_stands(view):
    """Mark ``view`` as one that sees the cart uncorrected (see above)."""
    view.cart_as_it_stands = True
    return view


class CartMiddleware:
    """Put this browser's cart, read lazily, on ``request.cart``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.cart = RequestCart(request)
        request.read_stock = request.cart.read_stock
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "cart_as_it_stands", False):
            request.cart.corrects = False

    def process_template_response(self, request, response):
        # A page kept whole by its {% shell %}: only the holes are drawn.
        context = response.context_data
        if context and context.get("shell") and isinstance(response.template_name, str):
            html = kept_page(request, response.template_name, context)
            if html is not None:
                response.content = html  # counts as rendered
        return response

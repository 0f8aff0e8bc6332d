"""Tell the cart who is buying: ``request.find_buyer`` returns the signed-in
trade buyer's terms (``cart.pricing.BuyerTerms``), or None for retail.

The cart (``request.cart.buyer``) asks once, and only when a page shows a
price, so pages without prices cost no query.
"""

from functools import partial

from . import terms


class BuyerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.find_buyer = partial(terms.buyer_terms, request.user)
        return self.get_response(request)

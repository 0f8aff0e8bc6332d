def cart(request):
    """Square this browser's cart with the catalogue before a page renders.

    The mini cart then only reads ``request.cart``; any correction (and its
    message) is made here, not halfway through the template.
    """
    current = getattr(request, "cart", None)
    # A cart needing no correction whose mini cart is kept (``cart.state``)
    # is not read at all.
    if current is not None and current.corrects and current.mini_cart_key() is None:
        current.lines  # noqa: B018 (read, and refreshed, once per request)
    return {}

"""Why an order cannot be placed or paid as asked, in words for the shopper."""


class CheckoutError(Exception):
    """The order cannot be placed as asked; ``messages`` say why."""

    def __init__(self, messages=()):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


class EmptyCart(CheckoutError):
    pass


class CartChanged(CheckoutError):
    pass


class OutOfStock(CheckoutError):
    pass


class PaymentWindowClosed(CheckoutError):
    """The time to pay for a card order ran out; the order has expired."""

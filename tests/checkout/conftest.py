import pytest

from checkout import payments
from tests.checkout.stripe_fake import SECRET_KEY, WEBHOOK_SECRET, FakeStripe
from tests.factories import make_postage


@pytest.fixture
def stripe_fake(settings, monkeypatch):
    """Card payment configured, with Stripe's HTTP API answered by a fake."""
    fake = FakeStripe()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    monkeypatch.setattr(payments, "HTTP_CLIENT", fake)
    return fake


@pytest.fixture
def postage(db):
    """The UK zone: Royal Mail £2.50 and collection from the shop."""
    return make_postage()

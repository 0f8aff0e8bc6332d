from tests.checkout.conftest import postage, stripe_fake  # noqa: F401 (fixtures)

import pytest

from tests.factories import make_postage


@pytest.fixture
def postage(db):
    """The UK zone: Royal Mail £2.50 and collection from the shop."""
    return make_postage()


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run a block's on-commit work (emails) as a real commit would."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


@pytest.fixture(autouse=True)
def shop_url(settings):
    settings.SHOP_URL = "https://shop.example.org"

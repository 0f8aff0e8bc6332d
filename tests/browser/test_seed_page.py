"""The page the project started from, served by our own code from the demo data.

The expected texts are read from the seed page itself (``shared/seeds`` beside
the repository, or the copy in ``tests/data``), so the test shows the shop
matches the seed, not the demo module's own copy of it.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The seed as the project keeps it in shared/ beside the repository, else the
# copy committed with the tests (CI's checkout may stand elsewhere).
SHARED_SEED = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "seeds"
    / "000_ad9ea84e27f44c18.txt"
)
SEED = (
    SHARED_SEED
    if SHARED_SEED.exists()
    else Path(__file__).resolve().parents[1] / "data" / "seed_page.txt"
)


def squash(text):
    """Fold runs of white space (including no-break spaces) to one space."""
    return re.sub(r"\s+", " ", text).strip()


def seed_texts():
    """Return the seed's description paragraphs and its New products titles."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    details = lines.index("More details")
    cart = lines.index("No products")
    paragraphs = [squash(line) for line in lines[details + 1 : cart] if line.strip()]
    titles, chunk = [], []
    for line in lines[lines.index("New products") + 1 :]:
        if line == "Read more":
            # An entry is a title, a teaser and "Read more"; two entries of the
            # seed lost their titles (images or a carousel on the original).
            titles.append(chunk[-2] if len(chunk) >= 2 else None)
            chunk = []
        elif line.strip() and not line.lstrip().startswith("•"):
            chunk.append(line)
    return paragraphs, titles


def test_the_seed_page_as_a_shopper_finds_it(page):
    paragraphs, seed_titles = seed_texts()
    call_command("load_demo", verbosity=0)

    page.goto("/")
    page.locator("main").get_by_role(
        "link", name="The Truth about Trotsky"
    ).first.click()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "The Truth about Trotsky"
    )
    assert (
        page.locator(".byline").inner_text()
        == "80 page booklet by the Anarchist Communist Group, 2021"
    )
    page.get_by_role("link", name="More details").click()
    page.wait_for_url("**#details")
    shown = [squash(p) for p in page.locator("#details p").all_inner_texts()]
    assert shown == paragraphs

    mini_cart = squash(page.locator("#mini-cart").inner_text())
    assert mini_cart == "No products £0.00 Shipping £0.00 Total Cart Check out"

    block = page.locator(".new-products")
    assert block.get_by_role("heading", name="New products").is_visible()
    titles = block.locator(".new-products__title").all_inner_texts()
    assert len(titles) == len(seed_titles) == 20
    assert [t for t, s in zip(titles, seed_titles, strict=True) if s] == [
        s for s in seed_titles if s
    ]
    assert block.get_by_role("link", name=re.compile("^Read more")).count() == 20
    screenshot(page, "seed-page-desktop")

    block.get_by_role("link", name="» All new products").click()
    page.wait_for_url("**/new-products/")
    assert page.get_by_role("heading", level=1).inner_text() == "New products"

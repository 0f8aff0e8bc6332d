from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils.html import escape
from PIL import Image

from catalog import demo
from catalog.models import Product

pytestmark = pytest.mark.django_db

# The seed page's New products list, in its order.
SEED_NEW_PRODUCTS = [
    "De-convicted",
    "Cry of the poor",
    "Tremors of Discontent",
    "Real Education",
    "When to talk and when to fight",
    "Patriarchy of the wage",
    "Anarchism and the black revolution",
    "The Politics of Permaculture",
    "Post-Internet Far Right",
    "The Transgender Issue",
    "The Tragedy of the Worker",
    "A world without police",
    "A Normal Life",
    "Fighting Women",
    "Workers in Stalin's Russia",
    "Peter Kropotkin Memoirs of a Revolutionist",
    "2022 Certain Days Calendar",
    "Dysorganism A4",
    "Writings by Sean Swain",  # the seed's entry has no title; ours
    "Dancing & Digging",
]


def snapshot(media_root):
    """Return every catalogue row and every media file's bytes."""
    rows = {}
    for model in apps.get_app_config("catalog").get_models(include_auto_created=True):
        rows[model._meta.label] = list(model.objects.order_by("pk").values())
    files = {
        str(path.relative_to(media_root)): path.read_bytes()
        for path in sorted(Path(media_root).rglob("*"))
        if path.is_file()
    }
    return rows, files


def test_load_demo_shows_the_seed_product_with_its_full_description(client):
    call_command("load_demo")
    trotsky = Product.objects.get(title="The Truth about Trotsky")
    assert trotsky.byline == "80 page booklet by the Anarchist Communist Group, 2021"
    paragraphs = trotsky.description.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith(
        "This pamphlet hopes to provide evidence of the real nature of Trotsky’s "
        "role within the Russian Revolution."
    )
    # The seed has a no-break space there; kept as it is.
    assert "the ideas of Trotsky are flawed.\u00a0 It will attempt" in paragraphs[0]
    assert "commanders deemed too independent . He was prepared" in paragraphs[0]
    assert "the ‘amalgam tactic’ later deployed by Stalin" in paragraphs[0]
    assert paragraphs[0].endswith("differential wages into the workplaces.")
    assert paragraphs[1].startswith(
        "Far from being a champion of Soviet democracy, he was “a knight of "
        "bureaucracy”, and a stern advocate of repression."
    )
    assert paragraphs[1].endswith(
        "the crushing of the Kronstadt Commune, in which Trotsky himself played a "
        "significant part."
    )
    assert trotsky.short_description

    page = client.get(trotsky.get_absolute_url()).content.decode()
    assert "80 page booklet by the Anarchist Communist Group, 2021" in page
    assert "Far from being a champion of Soviet democracy" in page


def test_demo_products_come_newest_first_in_the_seeds_order():
    assert demo.load() == 21
    titles = [p.title for p in Product.objects.published().newest_first()]
    assert titles == [*SEED_NEW_PRODUCTS, "The Truth about Trotsky"]


def test_new_products_block_beside_the_seed_product_lists_the_seeds_twenty(client):
    demo.load()
    trotsky = Product.objects.get(title="The Truth about Trotsky")
    page = client.get(trotsky.get_absolute_url()).content.decode()
    block = page[page.index('class="new-products"') :]
    positions = [block.index(f">{escape(title)}<") for title in SEED_NEW_PRODUCTS]
    assert positions == sorted(positions)
    assert ">The Truth about Trotsky<" not in block


# Subtitle and short byline as the seed's New products list shows them, for
# the entries where the seed's line is neither cut short nor irregular.
SEED_LINES = {
    "De-convicted": "The convicts who got a second chance, by Colin Thomas, BRHG 2021",
    "Tremors of Discontent": (
        "My Life in Print 1970-1988, by Mike Richardson, BRHG 2021"
    ),
    "Real Education": "by David Gribble, 1998",
    "Patriarchy of the wage": (
        "Notes on Marx, Gender, and Feminism, by Silvia Federici, PM Press 2021"
    ),
    "Anarchism and the black revolution": "by Lorenzo Kom'boa Ervin, Pluto Press 2021",
    "The Politics of Permaculture": "by Terry Leahy, Pluto Press 2021",
    "A Normal Life": "by Vassilis Palaiokostas, Freedom Press 2021",
    "Workers in Stalin's Russia": "by Marie Louise Berneri, Freedom Press 2020",
    "Writings by Sean Swain": "by Sean Swain, LBC 2021",
    "Dancing & Digging": "Proverbs on Freedom and Nature, by Shaun Day-Woods",
}


def test_demo_bylines_carry_the_seeds_facts():
    demo.load()
    lines = {
        p.title: ", ".join(x for x in (p.subtitle, p.short_byline) if x)
        for p in Product.objects.filter(title__in=SEED_LINES)
    }
    assert lines == SEED_LINES


def test_demo_has_low_and_out_of_stock_products_nested_categories_and_covers():
    demo.load()
    products = Product.objects.all()
    availabilities = {p.availability for p in products}
    assert availabilities >= {"In stock", "Only 2 left", "Out of stock"}
    assert all(3 <= p.price <= 25 for p in products)
    assert all(p.weight_grams > 0 for p in products)
    hardback = Product.objects.get(title="The Transgender Issue")
    assert hardback.format == "hardback" and hardback.weight_grams >= 600
    assert str(hardback.categories.get()) == "Books › Feminism & gender"
    for product in products:
        assert product.categories.exists()
        with product.cover_thumbnail.open() as f, Image.open(f) as thumb:
            assert thumb.size == (300, 450)
        assert product.cover_alt == f"Cover of {product.title}"


def test_loading_twice_changes_no_row_and_no_file(settings):
    call_command("load_demo")
    first = snapshot(settings.MEDIA_ROOT)
    call_command("load_demo")
    assert snapshot(settings.MEDIA_ROOT) == first
    assert len(first[1]) == 42  # a cover and a thumbnail per product


def test_reloading_restores_demo_values_but_keeps_the_date_added():
    demo.load()
    trotsky = Product.objects.get(slug="the-truth-about-trotsky")
    Product.objects.filter(pk=trotsky.pk).update(price="99.00")
    demo.load()
    reloaded = Product.objects.get(pk=trotsky.pk)
    assert str(reloaded.price) == "3.00"
    assert reloaded.date_added == trotsky.date_added


def test_load_demo_if_empty_leaves_an_existing_shop_alone():
    demo.load()
    Product.objects.filter(slug="real-education").delete()
    call_command("load_demo", "--if-empty")
    assert not Product.objects.filter(slug="real-education").exists()

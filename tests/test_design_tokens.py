"""Every stylesheet reads one set of design tokens, defined once in shop.css."""

import re
from pathlib import Path

CSS = Path(__file__).resolve().parent.parent / "static" / "css"
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgb|rgba|hsl|hsla)\(")


def root_tokens():
    shop = (CSS / "shop.css").read_text()
    root = re.search(r":root\s*\{(.*?)\}", shop, re.S).group(1)
    return set(re.findall(r"(--[\w-]+)\s*:", root))


def test_every_custom_property_read_is_defined_in_shop_css():
    defined = root_tokens()
    for sheet in sorted(CSS.glob("*.css")):
        used = set(re.findall(r"var\((--[\w-]+)", sheet.read_text()))
        assert used <= defined, f"{sheet.name} reads {sorted(used - defined)}"


def test_component_stylesheets_write_no_colour_of_their_own():
    for sheet in sorted(CSS.glob("*.css")):
        if sheet.name == "shop.css":
            continue
        found = COLOUR.findall(sheet.read_text())
        assert not found, f"{sheet.name} has literal colours {found}"


def test_shop_css_writes_colours_only_as_tokens():
    shop = (CSS / "shop.css").read_text()
    outside_root = re.sub(r":root\s*\{.*?\}", "", shop, count=1, flags=re.S)
    # Shadows are translucent black, not a colour of the palette.
    outside_root = re.sub(r"box-shadow:[^;]*;", "", outside_root)
    assert not COLOUR.findall(outside_root)


def test_there_is_one_focus_ring_and_it_is_the_token():
    for sheet in sorted(CSS.glob("*.css")):
        for rule in re.findall(r"([^{}]*:focus[^{]*)\{([^}]*)\}", sheet.read_text()):
            selector, body = rule
            outline = re.search(r"outline(?:-color)?\s*:\s*([^;]+)", body)
            if outline and outline.group(1).strip() != "none":
                assert "var(--focus" in outline.group(1), (
                    f"{sheet.name}: {selector.strip()} draws its own focus ring"
                )

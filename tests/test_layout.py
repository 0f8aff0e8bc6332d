"""The apps import downwards (outbox <- catalog <- discounts <- cart <- checkout
<- accounts <- trade, all over ``shop``), and no module outgrows one subject
(STYLE.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each may import those before it.
LAYERS = [
    "shop",
    "outbox",
    "catalog",
    "discounts",
    "cart",
    "checkout",
    "prisoners",
    "accounts",
    "trade",
    "migrate_prestashop",
]
MAX_LINES = 400


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            if name.split(".")[0] in LAYERS:
                yield name.split(".")[0]


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_apps_below_it(app):
    below = set(LAYERS[: LAYERS.index(app) + 1])
    upward = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / app).rglob("*.py")
        for name in imported_apps(path)
        if name not in below
    }
    assert not upward


def test_no_module_outgrows_one_subject():
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for app in LAYERS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and path.name != "demo.py"
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert not long

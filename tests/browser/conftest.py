"""Playwright driving Debian's Chromium against the live test server."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import require

CHROMIUM = os.environ.get("SHOP_CHROMIUM", "/usr/bin/chromium")
# Without these flags Chromium tries to reach Google's hosts, which this
# closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between page steps are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _sync_playwright():
    """Return Playwright's entry point; a Playwright that does not import fails
    in CI like a missing Chromium (it skips only on a developer's machine)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        require(False, f"Playwright does not import: {error}")
        raise  # require() has failed or skipped the test already
    return sync_playwright


@pytest.fixture(scope="session")
def browser():
    require(
        shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}"
    )
    with _sync_playwright()() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(
        viewport=DESKTOP, base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# Runs in the page: how many lines an element's text takes. Boxes whose tops
# lie within half a line of each other share a line (flex items of different
# weights sit a pixel apart).
TEXT_LINES = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const half = parseFloat(getComputedStyle(el).fontSize) / 2;
  const tops = [...range.getClientRects()].map(r => r.top).sort((a, b) => a - b);
  let lines = 0, start = -Infinity;
  for (const top of tops) if (top - start > half) { lines += 1; start = top; }
  return lines;
}"""


def screenshot(page, name):
    """Save a full-page screenshot in tests/browser/screenshots/ for people to see.

    Lazy images below the fold are loaded first: a full-page picture taken
    without scrolling would show their covers as empty frames.
    """
    SCREENSHOTS.mkdir(exist_ok=True)
    page.evaluate(
        """() => Promise.all([...document.querySelectorAll('img[loading=lazy]')]
            .map(img => { img.loading = 'eager';
                return img.complete ? null : img.decode().catch(() => null); }))"""
    )
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

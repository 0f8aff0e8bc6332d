"""Accessibility of the shop's pages, checked in Chromium with the demo catalogue.

The audit below runs inside each page and reports what a screen-reader or
keyboard user, or someone with low vision, would trip over: no language, no
single h1, skipped heading levels, controls and links without a name, images
without alt, duplicate ids, text below a 4.5:1 contrast, and focus that cannot
be seen.
"""

import pytest
from django.core.management import call_command

from catalog.models import Category, Contributor, Product, Publisher
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in the page; returns a list of problems, each a short sentence.
AUDIT = r"""() => {
  const problems = [];
  const describe = el => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    const cls = (el.getAttribute("class") || "").trim().split(/\s+/)[0];
    if (cls) text += "." + cls;
    const words = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return words ? `${text} “${words}”` : text;
  };
  const hiddenFromAll = el => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.hidden || node.getAttribute("aria-hidden") === "true") return true;
      const style = getComputedStyle(node);
      if (style.display === "none" || style.visibility === "hidden") return true;
    }
    return false;
  };
  // Visually hidden on purpose (the .visually-hidden pattern): for screen
  // readers only, so it has no colour to check.
  const clippedAway = el => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clip === "rect(0px, 0px, 0px, 0px)" ||
          style.clipPath === "inset(50%)") return true;
    }
    return false;
  };
  const visible = el => !hiddenFromAll(el) && el.getClientRects().length > 0;
  const textOf = el => (el.textContent || "").replace(/\s+/g, " ").trim();
  const labelledBy = el => (el.getAttribute("aria-labelledby") || "")
    .split(/\s+/).filter(Boolean)
    .map(id => document.getElementById(id))
    .map(node => (node ? textOf(node) : "")).join(" ").trim();
  const imageAlts = el => [...el.querySelectorAll("img[alt]")]
    .map(img => img.alt.trim()).join(" ").trim();

  // Language.
  if (!document.documentElement.getAttribute("lang")) {
    problems.push("<html> has no lang");
  }

  // Headings: exactly one h1; levels only go down one step at a time.
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter(visible);
  const h1s = headings.filter(h => h.tagName === "H1");
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements, not 1`);
  let previous = 1;
  for (const heading of headings) {
    const level = Number(heading.tagName[1]);
    if (level > previous + 1) {
      problems.push(
        `heading skips from h${previous} to h${level}: ${describe(heading)}`
      );
    }
    previous = level;
  }

  // Form controls have an accessible name.
  for (const control of document.querySelectorAll("input, select, textarea, button")) {
    if (control.type === "hidden" || !visible(control)) continue;
    let name = control.getAttribute("aria-label") || labelledBy(control);
    if (!name && control.id) {
      const label = document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
      if (label) name = textOf(label);
    }
    if (!name && control.closest("label")) name = textOf(control.closest("label"));
    if (!name && control.tagName === "BUTTON") {
      name = textOf(control) || imageAlts(control);
    }
    if (!name && ["submit", "button", "reset"].includes(control.type)) {
      name = control.value;
    }
    if (!name && control.type === "image") name = control.alt;
    if (!name && control.title) name = control.title;
    if (!(name || "").trim()) {
      problems.push(`control without a name: ${describe(control)}`);
    }
  }

  // Images have alt text (empty alt for decoration is a choice, so allowed).
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problems.push(`img without alt: ${img.src}`);
  }

  // Links say where they go.
  for (const link of document.querySelectorAll("a[href]")) {
    if (hiddenFromAll(link)) continue;
    const name = link.getAttribute("aria-label") || labelledBy(link) ||
      textOf(link) || imageAlts(link) || link.title;
    if (!name) problems.push(`link without text: ${link.getAttribute("href")}`);
  }

  // Ids are unique.
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) {
    seen.set(el.id, (seen.get(el.id) || 0) + 1);
  }
  for (const [id, count] of seen) {
    if (count > 1) problems.push(`id "${id}" used ${count} times`);
  }

  // Contrast of every visible piece of text against what is behind it.
  const rgba = value => {
    const parts = value.match(/[\d.]+/g) || [0, 0, 0, 0];
    const [r, g, b] = parts.slice(0, 3).map(Number);
    return [r, g, b, parts.length > 3 ? Number(parts[3]) : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat(1);
  };
  const background = el => {
    // Walk up collecting backgrounds until an opaque one (white at the root).
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const luminance = ([r, g, b]) => {
    const channel = c => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a, b) => {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const checked = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || checked.has(el)) continue;
    checked.add(el);
    if (["SCRIPT", "STYLE", "NOSCRIPT", "OPTION"].includes(el.tagName)) continue;
    if (!visible(el) || clippedAway(el)) continue;
    const style = getComputedStyle(el);
    const back = background(el);
    const fore = over(rgba(style.color), back);
    const value = ratio(fore, back);
    if (value < 4.5) {
      const behind = `rgb(${back.slice(0, 3).map(Math.round)})`;
      problems.push(`contrast ${value.toFixed(2)}:1 for ${describe(el)} ` +
        `(${style.color} on ${behind})`);
    }
  }
  // Placeholder text is read too: it needs the same contrast as any text.
  const placeheld = "input[placeholder], textarea[placeholder]";
  for (const field of document.querySelectorAll(placeheld)) {
    if (!visible(field) || !field.placeholder) continue;
    const back = background(field);
    const fore = over(rgba(getComputedStyle(field, "::placeholder").color), back);
    const value = ratio(fore, back);
    if (value < 4.5) {
      problems.push(`placeholder contrast ${value.toFixed(2)}:1 in ${describe(field)}`);
    }
  }
  return problems;
}"""

# Whether the focused element wears the shop's focus mark: an outline or ring
# of at least 2px (the browser's own thin ring is easy to miss on red).
FOCUS_AUDIT = r"""(el) => {
  const style = getComputedStyle(el);
  const outline = !["none", "auto"].includes(style.outlineStyle) &&
    parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return outline || shadow;
}"""


def demo_urls():
    """Return the catalogue pages to audit, keyed by a name, from the demo data."""
    product = Product.objects.get(slug="the-truth-about-trotsky")
    category = Category.objects.filter(products__is_published=True).first()
    publisher = Publisher.objects.filter(products__is_published=True).first()
    contributor = Contributor.objects.filter(credits__product=product).first()
    return {
        "home": "/",
        "product": product.get_absolute_url(),
        "category": category.get_absolute_url(),
        "publisher": publisher.get_absolute_url(),
        "contributor": contributor.get_absolute_url(),
        "search results": "/search/?q=Trotsky",
        "search nothing found": "/search/?q=zzzzzz",
        "search form": "/search/",
        "new products": "/new-products/",
        "404": "/no-such-page/",
        "cart": "/cart/",
        "books for prisoners": "/books-for-prisoners/",
    }


def audit(page, url):
    page.goto(url)
    return page.evaluate(AUDIT)


def test_catalogue_pages_pass_the_accessibility_audit(page):
    call_command("load_demo", verbosity=0)
    found = {}
    for name, url in demo_urls().items():
        problems = audit(page, url)
        if problems:
            found[name] = problems
    assert found == {}


def test_catalogue_pages_pass_the_audit_with_a_line_in_the_cart(page):
    # A line in the cart changes the header (the mini cart lists it, with a
    # heading and a Remove button) on every page.
    call_command("load_demo", verbosity=0)
    urls = demo_urls()
    page.goto(urls["product"])
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    page.locator("#mini-cart").get_by_text("2 × The Truth about Trotsky").wait_for()
    found = {}
    for name in ["home", "product", "search results", "404", "cart"]:
        problems = audit(page, urls[name])
        if problems:
            found[name] = problems
    # The checkout's first step, reached as a shopper does, then sent back
    # with every field in error.
    page.goto(urls["cart"])
    page.locator("main").get_by_role("link", name="Check out").first.click()
    page.wait_for_url("**/checkout/details/")
    if problems := page.evaluate(AUDIT):
        found["checkout details"] = problems
    page.locator("main").get_by_role("button", name="Continue").click()
    page.locator("[aria-invalid=true]").first.wait_for()
    if problems := page.evaluate(AUDIT):
        found["checkout details with errors"] = problems
    screenshot(page, "accessibility-checkout-details-errors")
    assert found == {}


def test_every_keyboard_focus_stop_is_visibly_marked(page):
    call_command("load_demo", verbosity=0)
    urls = demo_urls()
    for name in ["home", "product", "search results"]:
        page.goto(urls[name])
        unmarked, kinds = [], set()
        for _ in range(40):
            page.keyboard.press("Tab")
            focused = page.evaluate_handle("document.activeElement")
            tag = focused.evaluate("el => el.tagName.toLowerCase()")
            if tag == "body":
                break
            kinds.add(tag)
            if not focused.evaluate(FOCUS_AUDIT):
                unmarked.append(focused.evaluate("el => el.outerHTML.slice(0, 80)"))
        assert unmarked == [], f"{name}: focus not visible on {unmarked}"
        # The walk met links, buttons and a text box, not just one kind.
        assert {"a", "button", "input"} <= kinds, f"{name}: only reached {kinds}"

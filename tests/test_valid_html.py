"""Every page of the demo shop is valid HTML, as the W3C Nu HTML Checker reads it.

The pages are rendered by Django's test client: every page a shopper can reach
by following links from the home page, and the pages behind forms (a cart
with lines, checkout, the order page, a search that corrects a spelling, a
page that is not there). All are checked in one run of the checker (npm's
``vnu-jar``, which ``.ci/run`` installs in ``.ci/node``; ``SHOP_VNU_JAR``
may point elsewhere).
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from cart.models import CartLine, ShippingMethod
from catalog.models import Product
from migrate_prestashop.models import Page
from prisoners.models import OfferedBook
from tests.checkout.helpers import details, review_form
from tests.conftest import require

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(
    os.environ.get(
        "SHOP_VNU_JAR", ROOT / ".ci/node/node_modules/vnu-jar/build/dist/vnu.jar"
    )
)
# Not pages: files, feeds, admin and the posts' own addresses.
SKIP = re.compile(r"^/(static|media|admin)/|/feed/|\.xml$|^/checkout/stripe/")
MAX_PAGES = 200


def crawl(client, start="/"):
    """Return ``{path: html}`` for every page reachable by links from ``start``."""
    pages, todo = {}, [start]
    while todo and len(pages) < MAX_PAGES:
        path = todo.pop()
        if path in pages:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        pages[path] = html
        for href in re.findall(r'href="([^"]+)"', html):
            parts = urlsplit(urldefrag(href.replace("&amp;", "&"))[0])
            # Sort orders and later pages are the same template again.
            if href.startswith("/") and not SKIP.search(parts.path):
                todo.append(parts.path)
    return pages


def validate(pages, folder):
    """Run the checker over the pages; return its messages of type "error"."""
    names = {}
    for i, (path, html) in enumerate(sorted(pages.items())):
        file = folder / f"page{i}.html"
        file.write_text(html, encoding="utf-8")
        names[file.name] = path
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", folder],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{names.get(Path(m.get('url', '')).name)}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]


def test_every_page_of_the_demo_shop_is_valid_html(client, tmp_path):
    require(VNU_JAR.exists(), f"no Nu HTML Checker at {VNU_JAR} (npm vnu-jar)")
    require(shutil.which("java"), "no java to run the Nu HTML Checker")
    call_command("load_demo", verbosity=0)
    # An information page staff put in the footer: the crawl follows it there.
    Page.objects.create(
        title="Delivery & returns",
        slug="delivery",
        content="<h2>Postage</h2><p>We post <em>every</em> weekday.</p>",
        show_in_footer=True,
    )

    pages = crawl(client)
    assert "/pages/delivery/" in pages
    assert len(pages) > 30  # home, products, subjects, publishers, people…
    trotsky = Product.objects.get(title="The Truth about Trotsky")
    for query in ("trotsky", "trotksy", "xqzvwj", ""):
        pages[f"/search/?q={query}"] = client.get("/search/", {"q": query})
    pages["/no-such-page/"] = client.get("/no-such-page/")

    # Pay what you can: the box, an amount refused beside it, and in the cart.
    zine = Product.objects.filter(is_published=True, stock__gt=5).exclude(
        pk=trotsky.pk
    )[0]
    Product.objects.filter(pk=zine.pk).update(pwyc_floor=1, pwyc_ceiling=zine.price * 3)
    pages["product (pay what you can)"] = client.get(zine.get_absolute_url())
    add_zine = {"product": zine.pk, "quantity": 1, "price_choice": "pwyc"}
    pages["product (amount refused)"] = client.post(
        "/cart/add/", add_zine | {"amount": "0.5"}
    )
    client.post("/cart/add/", add_zine | {"amount": "1.00"})
    line = CartLine.objects.get(product=zine)
    pages["/cart/ (amount refused)"] = client.post(
        "/cart/price/", {"line": line.pk, "price_choice": "pwyc", "amount": "x"}
    )
    Product.objects.filter(pk=zine.pk).update(pwyc_floor=2)
    pages["/cart/ (floor raised)"] = client.get("/cart/")
    Product.objects.filter(pk=zine.pk).update(pwyc_floor=1)
    client.post("/cart/add/", {"product": trotsky.pk, "quantity": 2, "next": "/"})
    pages["/ (a line in the cart)"] = client.get("/")
    pages["/cart/ (a line in it)"] = client.get("/cart/")
    pages["/checkout/details/"] = client.get("/checkout/details/")
    method = ShippingMethod.objects.filter(zone__countries__contains="GB").first()
    form = details(method, payment="bank_transfer")
    pages["/checkout/details/ (errors)"] = client.post(
        "/checkout/details/", {**form, "email": "not an email"}
    )
    assert client.post("/checkout/details/", form).status_code == 302
    review, fields = review_form(client)
    pages["/checkout/review/"] = review
    placed = client.post("/checkout/place/", fields, follow=True)
    pages["/checkout/order/… (placed)"] = placed
    pages["/checkout/terms/"] = client.get("/checkout/terms/")

    # Books for a prisoner, with a donation: review and order page.
    client.post("/cart/add/", {"product": trotsky.pk, "quantity": 1, "next": "/"})
    prisoner = form | {"deliver_to": "prisoner_support", "donation": "5", "line1": ""}
    assert client.post("/checkout/details/", prisoner).status_code == 302
    review, fields = review_form(client)
    pages["/checkout/review/ (for a prisoner, a donation)"] = review
    placed = client.post("/checkout/place/", fields, follow=True)
    assert "Our prisoner-support queue" in placed.content.decode()
    pages["/checkout/order/… (for a prisoner)"] = placed
    OfferedBook.objects.create(product=trotsky)
    pages["/books-for-prisoners/ (the scheme's list)"] = client.get(
        "/books-for-prisoners/"
    )
    pages["/books-for-prisoners/ (errors)"] = client.post(
        "/books-for-prisoners/",
        {"group_name": "<b>x</b>", "website": "x", "wanted": ["0"]},
    )
    asked = client.post(
        "/books-for-prisoners/",
        {
            "group_name": "ABC",
            "group_email": "abc@example.org",
            "prisoner_name": "A Prisoner",
            "prisoner_number": "A1234BC",
            "prison_name": "HMP Example",
            "prison_address": "Prison Road",
            "wanted": [trotsky.pk],
        },
        follow=True,
    )
    assert "we have your request" in asked.content.decode()
    pages["/books-for-prisoners/thanks/…"] = asked

    pages = {
        path: page if isinstance(page, str) else page.content.decode()
        for path, page in pages.items()
    }
    # Its own folder: the checker reads every file in it, and the demo's
    # cover images sit in tmp_path too.
    folder = tmp_path / "pages"
    folder.mkdir()
    errors = validate(pages, folder)
    assert errors == [], "\n".join(errors[:40])

"""Old TinyMCE HTML in, the shop's description text out.

The shop writes descriptions as plain paragraphs (rendered with ``linebreaks``),
so it allows no tags at all. ``nh3`` (the Rust ``ammonia`` sanitiser) first
removes everything unsafe, including the contents of ``<script>`` and
``<style>``, keeping only structure; the structure is then turned into
paragraphs. Images cannot live in plain text: each one is dropped and reported,
so staff can put the important ones back as product pictures.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

BLOCKS = {"p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS |= {"blockquote", "table", "tr", "pre"}
STRUCTURE = BLOCKS | {"br", "img", "a", "td", "th"}


@dataclass
class CleanText:
    text: str
    dropped_images: list[str] = field(default_factory=list)


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.images = [], []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "img":
            self.images.append(dict(attrs).get("src") or "")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)


def to_shop_text(value: str | None) -> CleanText:
    """Return ``value`` (HTML) as the shop's paragraph text, and what was dropped."""
    if not value:
        return CleanText("")
    safe = nh3.clean(
        value,
        tags=STRUCTURE,
        attributes={"img": {"src"}, "a": {"href"}},
        link_rel=None,
        strip_comments=True,
    )
    parser = _Paragraphs()
    parser.feed(safe)
    parser.close()
    text = html.unescape("".join(parser.parts)).replace("\xa0", " ")
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            paragraphs.append(block)
    return CleanText("\n\n".join(paragraphs), parser.images)


PAGE_TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em"}
PAGE_TAGS |= {"b", "i", "blockquote", "table", "thead", "tbody", "tr", "th", "td"}


@dataclass
class CleanHtml:
    html: str
    dropped_images: list[str] = field(default_factory=list)


def page_html(value: str | None) -> CleanHtml:
    """Return ``value`` as the HTML a page may show, and the images it lost.

    Pages keep their structure (headings, lists, links, tables); scripts,
    styles, attributes other than a link's address, and pictures go. A
    ``<h1>`` becomes a ``<h2>``, as the page's title is its only one.
    """
    if not value:
        return CleanHtml("")
    value = re.sub(r"<(/?)h1\b", r"<\1h2", value, flags=re.IGNORECASE)
    with_images = nh3.clean(
        value,
        tags=PAGE_TAGS | {"img"},
        attributes={"img": {"src"}, "a": {"href"}, "th": {"scope"}},
    )
    parser = _Paragraphs()
    parser.feed(with_images)
    parser.close()
    safe = nh3.clean(
        with_images,
        tags=PAGE_TAGS,
        attributes={"a": {"href"}, "th": {"scope"}},
        strip_comments=True,
    )
    # A paragraph that only held a picture is left empty: drop it.
    safe = re.sub(r"<p>\s*</p>", "", safe)
    return CleanHtml(safe.strip(), parser.images)


def shorten(text: str, limit: int) -> str:
    """Return ``text`` on one line, cut at a word to fit ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"

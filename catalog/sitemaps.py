"""sitemap.xml: every page a search engine should know about.

``/sitemap.xml`` is an index of sections, each split into pages of at most
``PAGE_SIZE`` addresses (the protocol allows 50,000; smaller pages are quick
to build and to fetch). Each answer is cached under the catalogue version.
Apps above the catalogue add their own sections with ``register()`` from
their ``AppConfig.ready()`` (information pages do), so none is imported here.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse

from shop.cache import cached

from . import selectors

PAGE_SIZE = 10_000


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = PAGE_SIZE

    def items(self):
        return selectors.sitemap_products()

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    limit = PAGE_SIZE
    changefreq = "weekly"

    def items(self):
        return selectors.sitemap_categories()


class PublisherSitemap(Sitemap):
    limit = PAGE_SIZE
    changefreq = "monthly"

    def items(self):
        return selectors.sitemap_publishers()


class ContributorSitemap(Sitemap):
    limit = PAGE_SIZE
    changefreq = "monthly"

    def items(self):
        return selectors.sitemap_contributors()


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["catalog:home", "catalog:new_products"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "static": StaticSitemap,
    "products": ProductSitemap,
    "categories": CategorySitemap,
    "publishers": PublisherSitemap,
    "contributors": ContributorSitemap,
}


def register(name: str, sitemap: type[Sitemap]) -> None:
    """Add a section (``sitemap-<name>.xml``) to the sitemap index."""
    SITEMAPS[name] = sitemap


def _cached_xml(request, name, build):
    def render():
        response = build()
        response.render()
        return response.content

    content = cached(request, name, request.get_full_path(), compute=render)
    response = HttpResponse(content, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def index(request):
    """The sitemap index: one entry per page of each section."""
    return _cached_xml(
        request,
        "sitemap-index",
        lambda: sitemap_views.index(
            request, SITEMAPS, sitemap_url_name="catalog:sitemap_section"
        ),
    )


def section(request, section):
    """One page (``?p=``) of one section; unknown ones are a 404."""
    return _cached_xml(
        request,
        "sitemap-section",
        lambda: sitemap_views.sitemap(request, SITEMAPS, section=section),
    )

"""The information pages' section of sitemap.xml (catalog/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap

from catalog.sitemaps import PAGE_SIZE

from . import selectors


class PageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = PAGE_SIZE

    def items(self):
        return selectors.sitemap_pages()

    def lastmod(self, item):
        return item.updated_at

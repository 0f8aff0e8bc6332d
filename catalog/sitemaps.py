"""sitemap.xml: every page a search engine should know about."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return selectors.sitemap_products()

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.sitemap_categories()


class PublisherSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return selectors.sitemap_publishers()


class ContributorSitemap(Sitemap):
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

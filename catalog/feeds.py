"""The Atom feed of new products, linked from every page's head."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from . import selectors


class NewProductsFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("catalog:new_products")

    def title(self):
        return f"New products · {settings.SHOP_NAME}"

    def subtitle(self):
        return f"Books, booklets and pamphlets just in at {settings.SHOP_NAME}."

    def items(self):
        return selectors.new_products_for_block()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        lines = [
            item.teaser,
            item.short_description,
        ]
        return "\n".join(line for line in lines if line)

    def item_pubdate(self, item):
        return item.date_added

    def item_updateddate(self, item):
        return item.updated_at

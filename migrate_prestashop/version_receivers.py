"""A saved or deleted page moves the catalogue version on.

The sitemap and the footer's page links are cached under that version (as is
every catalogue page whole, footer included), so they change with the page.
"""

from django.db.models.signals import post_delete, post_save

from shop.cache import catalogue_changed

from .models import Page


def page_changed(sender, **kwargs):
    catalogue_changed()


post_save.connect(page_changed, sender=Page, dispatch_uid="catalogue_save_page")
post_delete.connect(page_changed, sender=Page, dispatch_uid="catalogue_del_page")

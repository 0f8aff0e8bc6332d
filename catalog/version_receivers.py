"""Whatever changes a row the catalogue shows bumps the catalogue version.

Admin saves, the importer, the shell and bulk m2m edits all pass through
these signals; conditional ``UPDATE``s (stock taken by orders, the admin's
publish action) call ``shop.cache.catalogue_changed`` themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from shop.cache import catalogue_changed

from .models import Category, Contributor, Credit, Product, ProductImage, Publisher

SHOWN = (Product, Publisher, Contributor, Category, Credit, ProductImage)


def changed(sender, **kwargs):
    catalogue_changed()


def categories_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        catalogue_changed()


# Connected model by model: a receiver for every sender would stop Django
# deleting other rows (cart lines, sessions) in one query.
for model in SHOWN:
    post_save.connect(changed, sender=model, dispatch_uid=f"catalogue_save_{model}")
    post_delete.connect(changed, sender=model, dispatch_uid=f"catalogue_del_{model}")
m2m_changed.connect(
    categories_changed,
    sender=Product.categories.through,
    dispatch_uid="catalogue_categories",
)

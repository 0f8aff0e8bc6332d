"""Staff edits, imports and deletions move the shared catalogue version on.

Receivers rather than calls in each service: admin, the importer and the
shell all save through the models, and every one of them must reach every
server's caches. The bump waits for the commit, so no server can refill a
cache from the old rows in between.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from shop.cache import bump_catalogue_version

from .models import Category, Contributor, Credit, Product, ProductImage, Publisher


def catalogue_changed(sender, **kwargs):
    transaction.on_commit(bump_catalogue_version)


def connect():
    for model in (Category, Contributor, Credit, Product, ProductImage, Publisher):
        post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"cv-s-{model}")
        post_delete.connect(
            catalogue_changed, sender=model, dispatch_uid=f"cv-d-{model}"
        )
    m2m_changed.connect(
        catalogue_changed,
        sender=Product.categories.through,
        dispatch_uid="cv-categories",
    )

"""What the PrestaShop import remembers: old ids, old routes, the past it brought over.

``OldLink`` ties an old PrestaShop id to the object it became, so a second run
updates instead of duplicating, and old URLs answer 301 to the new page. Its
``imported`` holds a hash of each value the import last wrote, which is how a later run
tells a staff edit (reported, kept) from a change in the old shop (applied).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from checkout.models import Order

from .html import page_html


class OldLink(models.Model):
    class Kind(models.TextChoices):
        PRODUCT = "product", "product"
        CATEGORY = "category", "category"
        MANUFACTURER = "manufacturer", "manufacturer"
        CMS = "cms", "CMS page"
        IMAGE = "image", "product image"
        SUPPLIER = "supplier", "supplier"
        CUSTOMER = "customer", "customer"
        TRADE_ACCOUNT = "trade_account", "trade account"
        SUBSCRIBER = "subscriber", "newsletter subscriber"
        ADDRESS = "address", "saved address"
        ORDER = "order", "order"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    old_id = models.PositiveIntegerField("old id")
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    target_url = models.CharField(
        "redirect to",
        max_length=300,
        blank=True,
        help_text="For old pages with no counterpart object (CMS pages): "
        "the new address, e.g. /checkout/terms/. Empty: the old link is a 404.",
        # Only addresses on this shop: an old link must never lead elsewhere.
        validators=[RegexValidator(r"^/(?!/)", "Give an address on this shop: /…")],
    )
    old_name = models.CharField(max_length=255, blank=True)
    reference = models.CharField(
        "old reference", max_length=32, blank=True, help_text="PrestaShop's SKU."
    )
    # Per field, a short hash of the value the import last wrote.
    imported = models.JSONField(default=dict, blank=True, editable=False)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "old_id"]
        verbose_name = "old PrestaShop link"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "old_id"], name="oldlink_unique_kind_old_id"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.old_id}"

    def new_url(self):
        """Return where the old page now lives, or "" when it has no home."""
        if self.target_url:
            return self.target_url
        target = self.target
        if target is None:
            return ""
        if self.kind == self.Kind.IMAGE:
            return target.image.url if hasattr(target, "image") else target.cover.url
        return target.get_absolute_url()


class OldRoute(models.Model):
    """A friendly-URL rule the old shop used (its ``PS_ROUTE_*`` setting)."""

    route_id = models.CharField(max_length=50, unique=True)
    rule = models.CharField(max_length=255)

    class Meta:
        ordering = ["route_id"]

    def __str__(self):
        return f"{self.route_id}: {self.rule}"


class PastCustomer(models.Model):
    """What the old shop knew about a customer beyond the user account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    newsletter = models.BooleanField("newsletter consent", default=False)
    newsletter_since = models.DateTimeField(null=True, blank=True)
    group = models.CharField("old customer group", max_length=64, blank=True)
    is_wholesale = models.BooleanField(
        default=False,
        help_text="In a trade group in the old shop (its trade account, if "
        "the import made one, is under Trade accounts).",
    )

    class Meta:
        ordering = ["user__email"]

    def __str__(self):
        return self.user.email


class PastOrder(models.Model):
    """An order placed in the old shop: history only, never acted on."""

    reference = models.CharField(max_length=20, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(db_index=True)
    placed_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Order.Status.choices)
    old_status = models.CharField("status in the old shop", max_length=64)
    needs_review = models.BooleanField(
        default=False, help_text="The old status could not be mapped with certainty."
    )
    payment = models.CharField(max_length=255, blank=True)
    currency = models.CharField(max_length=3)
    products_total = models.DecimalField(max_digits=10, decimal_places=2)
    shipping = models.DecimalField(max_digits=10, decimal_places=2)
    discounts = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    total = models.DecimalField(max_digits=10, decimal_places=2)
    delivery_address = models.TextField(blank=True)
    invoice_address = models.TextField(blank=True)
    tracking_reference = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]

    def __str__(self):
        return f"{self.reference} ({self.placed_at:%Y-%m-%d})"

    @property
    def is_shop_currency(self):
        return self.currency == settings.SHOP_CURRENCY


class PastOrderLine(models.Model):
    """What the old shop sold, as it recorded it at the time."""

    order = models.ForeignKey(PastOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(max_length=255)
    reference = models.CharField(max_length=32, blank=True)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    line_total = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.quantity} × {self.title}"


class Page(models.Model):
    """An information page ("About us", "Delivery"), kept as safe HTML.

    The old shop's CMS pages become these; staff write more in admin. Whatever
    is saved is cleaned with the same sanitiser as the import (``html``), so
    the page template can show it as it is.
    """

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The page's address: /pages/<slug>/"
    )
    content = models.TextField(
        blank=True,
        help_text="HTML: paragraphs, headings, lists, links, bold and italic. "
        "Anything else is removed on saving.",
    )
    is_published = models.BooleanField("published", default=True)
    show_in_footer = models.BooleanField(
        "show in footer",
        default=False,
        db_default=False,
        help_text="Link to this page at the foot of every page (when published).",
    )
    footer_order = models.PositiveSmallIntegerField(
        "order in footer",
        default=0,
        db_default=0,
        help_text="Footer links run from the lowest number; equal ones by title.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.content = page_html(self.content).html
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:page", args=[self.slug])


class NewsletterSubscriber(models.Model):
    """Someone who asked for the newsletter without having an account.

    The record of their consent: the address, when they gave it and where.
    Customers with an account keep their consent on ``PastCustomer``.
    """

    email = models.EmailField(unique=True)
    subscribed_at = models.DateTimeField(
        "consent given", null=True, blank=True, help_text="Empty: date not known."
    )
    source = models.CharField(
        "how", max_length=100, help_text="Where the consent was given."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]
        verbose_name = "newsletter subscriber without an account"

    def __str__(self):
        return self.email

"""Customer accounts: Django's ``auth.User`` identified by email, plus what a
customer keeps with the shop (verification state, addresses, stock alerts).

A customer is a ``User`` whose ``username`` and ``email`` are both the email
address in lower case (so ``username``'s uniqueness makes emails unique
without regard to case) and who has a ``Customer`` row. Staff users have no
``Customer`` row.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from cart.countries import country_name
from catalog.models import Product


def normalise_email(email: str) -> str:
    """Return the form an email is stored and compared in: trimmed, lower case."""
    return (email or "").strip().lower()


def new_alert_token() -> str:
    return secrets.token_urlsafe(32)


class Customer(models.Model):
    """What the shop knows of a customer beyond Django's user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer"
    )
    # Set when the owner of ``user.email`` followed our link: only then are
    # orders linked and may the customer sign in.
    verified_at = models.DateTimeField(null=True, blank=True)
    # A new address asked for in "Change email", awaiting its own link.
    pending_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.user.email

    @property
    def email(self):
        return self.user.email

    @property
    def is_verified(self):
        return self.verified_at is not None


class Address(models.Model):
    """A saved delivery address; at most one per customer is the default."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="addresses"
    )
    name = models.CharField("full name", max_length=200)
    line1 = models.CharField("address line 1", max_length=200)
    line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField("town or city", max_length=100)
    region = models.CharField("county, state or region", max_length=100, blank=True)
    postcode = models.CharField("postcode or ZIP", max_length=20, blank=True)
    country = models.CharField(max_length=2, default=settings.SHIPPING_DEFAULT_COUNTRY)
    is_default = models.BooleanField("default address", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "created_at", "pk"]
        verbose_name_plural = "addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(is_default=True),
                name="address_one_default_per_customer",
            )
        ]

    def __str__(self):
        return ", ".join(self.lines)

    @property
    def country_name(self):
        return country_name(self.country)

    @property
    def lines(self):
        """Return the address as the lines an envelope shows."""
        parts = [self.name, self.line1, self.line2, self.city, self.region]
        parts += [self.postcode, self.country_name]
        return [part for part in parts if part]


class StockAlertQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=StockAlert.ACTIVE)

    def due(self):
        """Waiting alerts whose product can be ordered again."""
        return self.filter(
            status=StockAlert.Status.WAITING, product__is_published=True
        ).filter(Q(product__stock__gt=0) | Q(product__allow_backorder=True))


class StockAlert(models.Model):
    """“Email me when it’s back”: one email to one address about one product."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "waiting for the email to be confirmed"
        WAITING = "waiting", "waiting for stock"
        SENT = "sent", "sent"
        CANCELLED = "cancelled", "cancelled"

    ACTIVE = (Status.UNCONFIRMED, Status.WAITING)

    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="stock_alerts"
    )
    email = models.EmailField()
    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="stock_alerts",
    )
    # The secret in the confirm and unsubscribe links.
    token = models.CharField(max_length=64, unique=True, default=new_alert_token)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.UNCONFIRMED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = StockAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "product"])]
        constraints = [
            # One live alert per address and product: one email each.
            models.UniqueConstraint(
                fields=["product", "email"],
                condition=Q(status__in=["unconfirmed", "waiting"]),
                name="stockalert_one_active_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} · {self.product}"

    def get_unsubscribe_url(self):
        return reverse("accounts:alert_unsubscribe", args=[self.token])


class WaitingFor(Product):
    """Products as staff see them for reordering: how many people wait (admin)."""

    class Meta:
        proxy = True
        verbose_name = "product people are waiting for"
        verbose_name_plural = "products people are waiting for"


class RequestCount(models.Model):
    """How many emailing requests one address, or one client, made lately.

    ``throttle`` counts sign-ups and password resets here, in the database
    beside django-axes' login attempts, so every process and server shares
    one count whatever the cache. ``key`` is a keyed hash: the table holds
    neither email addresses nor IP addresses.
    """

    scope = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    window_started_at = models.DateTimeField()
    hits = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key"], name="accounts_requestcount_once"
            )
        ]
        indexes = [models.Index(fields=["window_started_at"])]

    def __str__(self):
        return f"{self.scope} {self.key[:8]}: {self.hits}"

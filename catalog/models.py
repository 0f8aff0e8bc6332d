from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import covers, signals
from . import isbn as isbn_rules
from .prices import OtherPrices
from .querysets import ProductQuerySet

LOW_STOCK = 3


class Publisher(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="Used in short bylines, e.g. “BRHG”."
    )
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:publisher", args=[self.slug])

    @property
    def byline_name(self):
        return self.short_name or self.name


class Contributor(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    is_organisation = models.BooleanField(
        default=False, help_text="A group or collective rather than a person."
    )
    byline_article = models.CharField(
        max_length=10,
        blank=True,
        help_text="Word before the name in a full byline, e.g. “the” for "
        "“by the Anarchist Communist Group”.",
    )
    bio = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:contributor", args=[self.slug])

    @property
    def byline_name(self):
        return f"{self.byline_article} {self.name}".strip()


class Category(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="category_unique_name_in_parent"
            )
        ]

    def __str__(self):
        return " › ".join(c.name for c in self.ancestors_and_self())

    def get_absolute_url(self):
        return reverse("catalog:category", args=[self.slug])

    def ancestors_and_self(self):
        """Return the path from the top category down to this one."""
        path, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            path.append(node)
            node = node.parent
        return path[::-1]


def sellable(stock: int, allow_backorder: bool, wanted: int) -> int:
    """Return how many of ``wanted`` a product with ``stock`` can sell now."""
    if allow_backorder:
        return wanted
    return max(0, min(wanted, stock))


class Product(OtherPrices, models.Model):
    class Format(models.TextChoices):
        BOOK = "book", "book"
        HARDBACK = "hardback", "hardback"
        BOOKLET = "booklet", "booklet"
        PAMPHLET = "pamphlet", "pamphlet"
        ZINE = "zine", "zine"
        MAGAZINE = "magazine", "magazine"
        CALENDAR = "calendar", "calendar"
        POSTER = "poster", "poster"
        BADGE = "badge", "badge"
        OTHER = "other", "other"

    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=200)
    format = models.CharField(
        max_length=20, choices=Format.choices, default=Format.BOOK
    )
    page_count = models.PositiveIntegerField(null=True, blank=True)
    contributors = models.ManyToManyField(
        Contributor, through="Credit", related_name="products", blank=True
    )
    publisher = models.ForeignKey(
        Publisher,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    isbn = models.CharField(
        "ISBN",
        max_length=13,
        blank=True,
        db_index=True,
        help_text="ISBN-10 or ISBN-13, hyphens allowed; stored as ISBN-13.",
    )
    short_description = models.CharField(max_length=300, blank=True)
    description = models.TextField(
        blank=True, help_text="Separate paragraphs with a blank line."
    )
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    weight_grams = models.PositiveIntegerField(
        "weight (g)", default=0, help_text="Packed weight, for postage."
    )
    stock = models.PositiveIntegerField(default=0)
    allow_backorder = models.BooleanField(
        "can be ordered when out of stock", default=False
    )
    # Indexed through Meta.indexes, where it leads every list order.
    is_published = models.BooleanField("published", default=True)
    is_featured = models.BooleanField(
        "featured",
        default=False,
        help_text="Shown first on the home page, as the shop's pick.",
    )
    date_added = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    categories = models.ManyToManyField(Category, related_name="products", blank=True)
    cover = models.ImageField(upload_to="covers/", blank=True)
    cover_thumbnail = models.ImageField(
        upload_to="covers/thumbs/", blank=True, editable=False
    )
    cover_alt = models.CharField(max_length=200, blank=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["-date_added", "-pk"]
        # One per list order (selectors.SORTS), published first: the New
        # products block and every list page walk one of these and stop after
        # a page, instead of sorting the whole table (EXPLAIN at 100,000).
        indexes = [
            models.Index(
                fields=["is_published", "-date_added", "-id"],
                name="product_published_newest",
            ),
            models.Index(
                fields=["is_published", "title", "id"], name="product_published_title"
            ),
            models.Index(
                fields=["is_published", "price", "title", "id"],
                name="product_published_price",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0), name="product_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(stock__gte=0), name="product_stock_not_negative"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Whatever saves a product (admin, import, shell), its thumbnail
        # follows its cover.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "cover" in update_fields:
            covers.sync_thumbnail(self)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "cover_thumbnail"}
        super().save(*args, **kwargs)
        if self.stock > 0 and (update_fields is None or "stock" in update_fields):
            signals.stock_written.send(sender=Product)

    def get_absolute_url(self):
        return reverse("catalog:product", args=[self.pk, self.slug])

    def clean(self):
        if self.isbn:
            self.isbn = isbn_rules.to_isbn13(self.isbn)

    def ordered_credits(self):
        """Return the credits in byline order (uses a prefetch when there is one)."""
        return sorted(self.credits.all(), key=lambda c: (c.position, c.pk or 0))

    def _names(self, credits, role, *, full):
        names = [
            c.contributor.byline_name if full else c.contributor.name
            for c in credits
            if c.role == role
        ]
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def byline(self):
        """Return the full byline, as the seed page writes it.

        “80 page booklet by the Anarchist Communist Group, 2021”.
        """
        parts = []
        if self.page_count:
            # Not ``get_format_display``: it flattens the choices at each call.
            label = FORMAT_LABELS.get(self.format, self.format)
            parts.append(f"{self.page_count} page {label}")
        credits = self.ordered_credits()
        authors = self._names(credits, Credit.Role.AUTHOR, full=True)
        editors = self._names(credits, Credit.Role.EDITOR, full=True)
        translators = self._names(credits, Credit.Role.TRANSLATOR, full=True)
        if authors:
            parts.append(f"by {authors}")
        if editors:
            parts.append(f"edited by {editors}")
        if translators:
            parts.append(f"translated by {translators}")
        text = " ".join(parts)
        if not text:
            text = self.publisher.name if self.publisher else ""
        if self.year:
            text = f"{text}, {self.year}" if text else str(self.year)
        return text

    @property
    def short_byline(self):
        """Return the short byline for lists, as the seed page writes them.

        “by Colin Thomas, BRHG 2021”; “by Shon Faye, hardback, Penguin 2021”;
        with no author, “Dog Section Press, 2021”.
        """
        credits = self.ordered_credits()
        authors = self._names(credits, Credit.Role.AUTHOR, full=False) or self._names(
            credits, Credit.Role.EDITOR, full=False
        )
        publisher = self.publisher.byline_name if self.publisher else ""
        year = str(self.year or "")
        if not authors:
            return ", ".join(x for x in (publisher, year) if x)
        parts = [f"by {authors}"]
        if self.format == self.Format.HARDBACK:
            parts.append("hardback")
        tail = " ".join(x for x in (publisher, year) if x)
        if tail:
            parts.append(tail)
        return ", ".join(parts)

    @property
    def teaser(self):
        """Return the New products line: subtitle, then the short byline."""
        return ", ".join(x for x in (self.subtitle, self.short_byline) if x)

    @property
    def is_available(self):
        return self.is_published and (self.stock > 0 or self.allow_backorder)

    @property
    def availability(self):
        """Say what a shopper can expect: “In stock”, “Only 2 left”, “Out of stock”."""
        if self.stock <= 0:
            return "Available to order" if self.allow_backorder else "Out of stock"
        if self.stock <= LOW_STOCK:
            return f"Only {self.stock} left"
        return "In stock"

    def sellable_quantity(self, wanted: int) -> int:
        """Return how many of ``wanted`` can be sold now."""
        return sellable(self.stock, self.allow_backorder, wanted)


FORMAT_LABELS = dict(Product.Format.choices)


class Credit(models.Model):
    """A contributor's part in a product, in byline order."""

    class Role(models.TextChoices):
        AUTHOR = "author", "author"
        EDITOR = "editor", "editor"
        TRANSLATOR = "translator", "translator"
        ILLUSTRATOR = "illustrator", "illustrator"

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="credits"
    )
    contributor = models.ForeignKey(
        Contributor, on_delete=models.PROTECT, related_name="credits"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "contributor", "role"], name="credit_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.contributor} ({self.get_role_display()})"


class ProductImage(models.Model):
    """A further picture of a product; the main cover is ``Product.cover``."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(upload_to="products/")
    alt_text = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt_text or self.image.name


class SearchDocument(models.Model):
    """The words search reads for one product, kept by ``catalog.search``.

    ``text`` holds the titles and names, where any part of a word matches;
    ``body`` holds those and the descriptions, where whole words (and their
    beginnings) match. Both are folded to lower case without accents. On
    SQLite FTS5 tables mirror them (trigrams for ``text``, words for
    ``body``), kept in step by triggers; on PostgreSQL a trigram GIN index and
    a full-text GIN index cover them (migration 0003).
    """

    product = models.OneToOneField(
        Product,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    text = models.TextField()
    body = models.TextField()

    def __str__(self):
        return f"Search text of product {self.product_id}"


class SearchWord(models.Model):
    """A word of the catalogue (titles and names), for “Did you mean …”."""

    word = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.word

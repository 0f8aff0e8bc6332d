"""One row per email the shop has promised to send."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EmailQuerySet(models.QuerySet):
    def interrupted(self, *, now=None):
        """Emails whose sending began but never finished: the worker died."""
        now = now or timezone.now()
        return self.filter(
            status=Email.Status.SENDING,
            claimed_at__lt=now - settings.OUTBOX_CLAIM_TIMEOUT,
        )

    def due(self, *, now=None):
        """Unsent emails whose next attempt is due."""
        now = now or timezone.now()
        return self.filter(status=Email.Status.UNSENT, next_attempt_at__lte=now)

    def sendable_again(self, *, now=None):
        """Emails staff may send again: never a sent one or one being sent."""
        now = now or timezone.now()
        return self.filter(
            Q(status__in=[Email.Status.UNSENT, Email.Status.FAILED])
            | Q(
                status=Email.Status.SENDING,
                claimed_at__lt=now - settings.OUTBOX_CLAIM_TIMEOUT,
            )
        )


class Email(models.Model):
    class Status(models.TextChoices):
        UNSENT = "unsent", "Unsent"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(
        max_length=64, blank=True, help_text="Which email this is, e.g. checkout.paid"
    )
    to = models.CharField("recipient", max_length=320)
    from_email = models.CharField(max_length=320)
    reply_to = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=998)
    body = models.TextField()
    html = models.TextField("HTML body", blank=True)
    # Queued by ``services.queue_later``: the worker renders ``template`` from
    # ``context`` (frozen when queued, see ``outbox.contexts``) into body and
    # html before the first attempt to send it.
    template = models.CharField(max_length=200, blank=True, db_default="")
    context = models.JSONField(null=True, blank=True)
    # Fixed when queued, so that a copy sent again is the same message to mail
    # clients that merge duplicates.
    message_id = models.CharField(max_length=255, unique=True)
    # More headers, e.g. List-Unsubscribe on a stock alert (RFC 8058).
    headers = models.JSONField(default=dict, blank=True)
    # The body holds a link that signs its reader in or sets a password: staff
    # must never read it, so admin shows neither body.
    private = models.BooleanField(default=False)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.UNSENT
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL
    )
    about_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("about_type", "about_id")

    objects = EmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["about_type", "about_id"]),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def is_rendered(self):
        return not self.template or bool(self.body)

    def message(self) -> EmailMultiAlternatives:
        """Return the email as Django sends it."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body,
            from_email=self.from_email,
            to=[self.to],
            reply_to=[self.reply_to] if self.reply_to else [],
            headers=self.headers | {"Message-ID": self.message_id},
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message

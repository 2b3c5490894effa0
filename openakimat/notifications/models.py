"""The outbox of messages. A row is written in the same transaction as the change it reports, so
a message is never sent for a change that rolled back and never lost for one that committed; it is
sent after the commit and retried with growing pauses while the gateway fails.

A row refers to what it is about (a case, a ticket, an instruction) generically and names its
`kind` (see `kinds.py`); the recipient's addresses are read from that object when it is sent."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Medium(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")  # gave up after NOTIFY_MAX_ATTEMPTS


class Notification(models.Model):
    kind = models.CharField(_("kind"), max_length=64)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    medium = models.CharField(_("medium"), max_length=8, choices=Medium.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # What went wrong, without the recipient: a status code or an exception class.
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["next_attempt_at"], name="notification_due", condition=Q(status="pending")),
            models.Index(fields=["target_type", "target_id"], name="notification_target"),
        ]

    def __str__(self) -> str:
        return f"{self.get_medium_display()}: {self.kind}"

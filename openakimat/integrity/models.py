from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One staff or system action. Entries form a hash chain: each `digest` covers the previous
    one, so editing or deleting a past entry breaks every digest after it.

    An entry is written unsealed (no `sequence`, no digest) in the transaction of the change it
    records, and sealed into the chain after the commit by `services.audit_seal`: writers never
    wait on one another for the chain."""

    sequence = models.PositiveBigIntegerField(_("number"), null=True, blank=True, editable=False)
    at = models.DateTimeField(_("time"), editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("account"),
    )
    actor_label = models.CharField(_("actor"), max_length=150, editable=False)
    action = models.CharField(_("action"), max_length=64, editable=False)
    object_type = models.CharField(_("object type"), max_length=64, editable=False)
    object_id = models.CharField(_("object"), max_length=64, editable=False)
    akimat = models.ForeignKey(
        "territory.Akimat",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("akimat"),
    )
    # What changed, never personal data: field names and non-personal values only.
    data = models.JSONField(_("details"), default=dict, editable=False)
    previous_digest = models.CharField(_("previous digest"), max_length=64, blank=True, editable=False)
    digest = models.CharField(_("digest"), max_length=64, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        indexes = [
            # The sealer's queue: entries not yet in the chain, oldest first.
            models.Index(fields=["id"], name="auditentry_unsealed", condition=models.Q(sequence__isnull=True)),
        ]
        # One place and one digest per sealed entry. Partial, so that the insert every audited
        # write makes touches neither index (unsealed rows have neither): four index entries per
        # write instead of seven (benchmarks/RESULTS.md, "Audit").
        constraints = [
            models.UniqueConstraint(
                fields=["sequence"], condition=models.Q(sequence__isnull=False), name="auditentry_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["digest"], condition=models.Q(digest__isnull=False), name="auditentry_digest_unique"
            ),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.sequence or '-'} {self.action} {self.object_type}:{self.object_id}"

    @property
    def is_sealed(self) -> bool:
        return self.sequence is not None


class AuditHead(models.Model):
    """The end of the chain. Only the sealer locks it, so sealers queue instead of forking the
    chain; writers never touch it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    digest = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_head_singleton")]

    def __str__(self) -> str:
        return f"audit head #{self.sequence}"

"""The feedback app's records. For now the anonymous corruption reports (docs/corruption-reports.md).

A report keeps nothing that could identify the person who filed it: no account, no address, no
browser, no session; its dates are days, not moments (a moment could be matched against a web
server's own access log). The optional contact is encrypted at rest and shown to the observers only.
The tracking code is kept only as a keyed hash.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openakimat.common.crypto import EncryptedTextField
from openakimat.common.storage import private_storage
from openakimat.territory.models import Akimat

TEXT_MAX = 5000
CONTACT_MAX = 200


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    REVIEW = "review", _("Under review")
    ANSWERED = "answered", _("Answered")
    FORWARDED = "forwarded", _("Forwarded to the anti-corruption agency")
    CLOSED = "closed", _("Closed")


class CorruptionReport(models.Model):
    akimat = models.ForeignKey(
        Akimat, on_delete=models.PROTECT, related_name="corruption_reports", verbose_name=_("akimat")
    )
    code_hash = models.CharField(_("tracking code (keyed hash)"), max_length=64, unique=True)
    received_on = models.DateField(_("received on"), db_index=True)
    text = models.TextField(_("what happened"), max_length=TEXT_MAX)
    contact = EncryptedTextField(_("contact"), max_length=CONTACT_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.RECEIVED, db_index=True
    )
    answer = models.TextField(_("answer to the reporter"), max_length=TEXT_MAX, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    updated_on = models.DateField(_("updated on"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("corruption report")
        verbose_name_plural = _("corruption reports")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class ReportAddition(models.Model):
    """More information the reporter added later through the tracking code."""

    report = models.ForeignKey(CorruptionReport, on_delete=models.CASCADE, related_name="additions")
    added_on = models.DateField(_("added on"))
    text = models.TextField(_("text"), max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"#{self.report_id}+{self.pk}"


def _file_path(instance: "ReportFile", filename: str) -> str:
    # The stored name is made here; the reporter's own file name (which may name them) is not kept.
    return f"corruption/{instance.report_id}/{filename}"


class ReportFile(models.Model):
    report = models.ForeignKey(CorruptionReport, on_delete=models.CASCADE, related_name="files")
    addition = models.ForeignKey(ReportAddition, on_delete=models.CASCADE, null=True, blank=True, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=_file_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"#{self.report_id} file {self.pk}"


class ReportNote(models.Model):
    """An observer's internal note: never shown to the reporter."""

    report = models.ForeignKey(CorruptionReport, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("note"), max_length=TEXT_MAX)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"#{self.report_id} note {self.pk}"


class AccessKind(models.TextChoices):
    VIEW = "view", _("Opened the report")
    DOWNLOAD = "download", _("Downloaded a file")


class ReportAccess(models.Model):
    """Who opened which report, or downloaded which of its files, and when: never the content."""

    report = models.ForeignKey(CorruptionReport, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=16, choices=AccessKind.choices)
    file = models.ForeignKey(ReportFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.report_id} {self.kind}"


# == Ratings (docs/ratings.md) ==================================================================
# A resident's 1–5 rating of an issued application or a finished queue visit. It keeps what the
# aggregates need (service, department, akimat) and nothing about the person: no phone, name or
# number, the day only. The comment is read by the akimat's staff, never published.

RATING_COMMENT_MAX = 1000
SCORES = (1, 2, 3, 4, 5)


class RatingSubject(models.TextChoices):
    APPLICATION = "application", _("Application")
    VISIT = "visit", _("Queue visit")


class Rating(models.Model):
    kind = models.CharField(_("what was rated"), max_length=16, choices=RatingSubject.choices)
    # One rating per case and per ticket: the unique one-to-one keys are what makes a second
    # (or a concurrent double) submit fail.
    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    ticket = models.OneToOneField("queueing.Ticket", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="+", verbose_name=_("akimat"))
    department = models.ForeignKey(
        "territory.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        "catalogue.PublicService", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"), choices=[(s, str(s)) for s in SCORES])
    comment = models.TextField(_("comment"), max_length=RATING_COMMENT_MAX, blank=True)
    rated_on = models.DateField(_("rated on"), db_index=True)
    # Invented for the demonstration (openakimat/demo); counted like any other.
    invented = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-rated_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="feedback_rating_score_1_5"),
            models.CheckConstraint(
                condition=models.Q(application__isnull=False, ticket__isnull=True)
                | models.Q(application__isnull=True, ticket__isnull=False)
                | models.Q(invented=True),
                name="feedback_rating_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.score}"


class RatingInvite(models.Model):
    """The rating link sent by SMS when a case is issued: its token kept only as a hash."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"invite {self.pk}"


# --- Comments on public pages (docs/comments.md) ----------------------------------------------

COMMENT_NAME_MAX = 80
COMMENT_EMAIL_MAX = 254
COMMENT_TEXT_MIN = 2
COMMENT_TEXT_MAX = 2000
COMMENT_REASON_MAX = 500


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    HIDDEN = "hidden", _("Hidden")


class Comment(models.Model):
    """A resident's comment on a public page of a lower app, named by a kind ("budget.project",
    see comment_targets.py) and the record's id. The e-mail is encrypted and never shown; its keyed
    hash limits and bans. The text is kept as typed and escaped on every output."""

    target_kind = models.CharField(_("on"), max_length=32)
    target_id = models.PositiveBigIntegerField()
    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="comments", verbose_name=_("akimat"))
    author_name = models.CharField(_("name"), max_length=COMMENT_NAME_MAX)
    email = EncryptedTextField(_("e-mail"), max_length=COMMENT_EMAIL_MAX)
    email_hash = models.CharField(max_length=64, db_index=True)
    text = models.TextField(_("comment"), max_length=COMMENT_TEXT_MAX)
    status = models.CharField(
        _("status"), max_length=16, choices=CommentStatus.choices, default=CommentStatus.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Residents' reports since a moderator last looked; at COMMENT_REPORTS_TO_HIDE it is hidden.
    reports = models.PositiveSmallIntegerField(default=0)
    flagged = models.BooleanField(_("hidden by residents' reports"), default=False)
    reason = models.CharField(_("reason"), max_length=COMMENT_REASON_MAX, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["target_kind", "target_id", "status"], name="comment_target_idx"),
            models.Index(fields=["akimat", "status"], name="comment_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"comment #{self.pk}"


class CommentReport(models.Model):
    """ "Report this comment": one per client (a keyed hash of the address) and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="complaints")
    client_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "client_hash"], name="comment_report_once")]

    def __str__(self) -> str:
        return f"report of comment #{self.comment_id}"


class ModerationAction(models.TextChoices):
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    HIDE = "hide", _("Hidden")
    RESTORE = "restore", _("Restored")
    AUTO_HIDE = "auto_hide", _("Hidden after residents' reports")


class ModerationDecision(models.Model):
    """Every change of a comment's status: who, when, what and why."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=16, choices=ModerationAction.choices)
    from_status = models.CharField(max_length=16, choices=CommentStatus.choices)
    to_status = models.CharField(max_length=16, choices=CommentStatus.choices)
    reason = models.CharField(_("reason"), max_length=COMMENT_REASON_MAX, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} comment #{self.comment_id}"

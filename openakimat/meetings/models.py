"""Meetings of the akimat held in public or online: their agenda, documents, minutes, attendance,
transcripts, and decisions, each of which becomes one or more instructions of execution control.

A meeting is prepared as a draft by the secretariat and shown to the public only once published
(`Meeting.published`). Texts residents read are kept per language (`*_kk`, `*_ru`, `*_en`); a
missing language stays empty and the public page says so — nothing is machine-translated.

`Meeting.sequence` grows by one with every change a calendar subscriber should notice (the time,
the place, a cancellation): it is the iCalendar SEQUENCE of the meeting's event.

A resident's question to a public hearing holds the author's name and contact, encrypted at rest
and never shown on a public page, in a URL or a log; the contact is forgotten some time after the
question is answered or rejected (`tasks.forget_question_contacts`).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openakimat.common.crypto import EncryptedTextField
from openakimat.common.models import TimeStampedModel, localized
from openakimat.common.storage import private_storage
from openakimat.territory.models import Akimat

LANGUAGES = ("kk", "ru", "en")
LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


class Kind(models.TextChoices):
    AKIMAT = "akimat", _("Akimat meeting")
    HEARING = "hearing", _("Public hearing")
    SESSION = "session", _("Maslikhat session")
    WORKING_GROUP = "working_group", _("Working group")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(TimeStampedModel):
    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("akimat"))
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.AKIMAT)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place_kk = models.CharField(_("place (Kazakh)"), max_length=300, blank=True)
    place_ru = models.CharField(_("place (Russian)"), max_length=300, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=300, blank=True)
    # Any provider; the page embeds a player only for the hosts of MEETING_EMBED_HOSTS.
    stream_url = models.URLField(_("broadcast link"), blank=True, max_length=500)
    recording_url = models.URLField(_("recording link"), blank=True, max_length=500)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # A draft until the secretariat publishes it: the public sees published meetings only.
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The iCalendar SEQUENCE: bumped when the time, the place or the status change.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Public hearings: residents' questions are taken until this moment (the consultation closes).
    questions_open_until = models.DateTimeField(_("questions accepted until"), null=True, blank=True)
    # Attendance: counts of residents (the officials present are `Attendee` rows).
    residents_in_person = models.PositiveIntegerField(_("residents in the hall"), null=True, blank=True)
    residents_online = models.PositiveIntegerField(_("residents online"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["published", "starts_at"], name="meeting_published_start"),
            models.Index(fields=["akimat", "starts_at"], name="meeting_akimat_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.pk} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def uid(self) -> str:
        """Stable and unique across the deployment: the calendar event's UID."""
        return f"meeting-{self.pk}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def place(self) -> str:
        return localized(self, "place")

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.CANCELLED

    @property
    def is_hearing(self) -> bool:
        return self.kind == Kind.HEARING

    @property
    def is_online(self) -> bool:
        return self.format in (Format.ONLINE, Format.HYBRID)

    def has_language(self, field: str, language: str) -> bool:
        return bool(getattr(self, f"{field}_{language}", ""))

    def missing_title_languages(self) -> list[str]:
        return [code for code in LANGUAGES if not getattr(self, f"title_{code}")]

    def questions_open(self, now=None) -> bool:
        from django.utils import timezone

        return (
            self.kind == Kind.HEARING
            and self.published
            and not self.is_cancelled
            and self.questions_open_until is not None
            and (now or timezone.now()) < self.questions_open_until
        )

    def embed_url(self) -> str:
        """An embeddable player address for the broadcast (or the recording, once there is no
        broadcast), or "" when its host is not in MEETING_EMBED_HOSTS: the page then shows a plain
        link instead of a frame."""
        return embed_url(self.stream_url or self.recording_url)


def embed_url(url: str) -> str:
    """The player address of a broadcast link on an allowed host (settings.MEETING_EMBED_HOSTS).

    YouTube watch/short links become youtube-nocookie embeds, Vimeo and RuTube links their players;
    a link already at a player on an allowed host is kept. Anything else gives "".
    """
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme != "https" or not parts.hostname:
        return ""
    host = parts.hostname.lower()
    path = parts.path
    allowed = {h.lower() for h in getattr(settings, "MEETING_EMBED_HOSTS", ())}
    candidate = ""
    if host in ("www.youtube.com", "youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"):
        video = ""
        if host == "youtu.be":
            video = path.strip("/").split("/")[0]
        elif path == "/watch":
            from urllib.parse import parse_qs

            video = (parse_qs(parts.query).get("v") or [""])[0]
        elif path.startswith(("/embed/", "/live/", "/shorts/")):
            video = path.split("/")[2] if len(path.split("/")) > 2 else ""
        if video and video.replace("-", "").replace("_", "").isalnum() and len(video) <= 20:
            for player_host in ("www.youtube-nocookie.com", "www.youtube.com"):
                if player_host in allowed:
                    return f"https://{player_host}/embed/{video}"
        return ""
    if host in ("vimeo.com", "www.vimeo.com"):
        number = path.strip("/").split("/")[0]
        if number.isdigit():
            candidate = f"https://player.vimeo.com/video/{number}"
    elif host == "rutube.ru" and path.startswith("/video/"):
        code = path.split("/")[2] if len(path.split("/")) > 2 else ""
        if code.isalnum():
            candidate = f"https://rutube.ru/play/embed/{code}"
    elif host in allowed:
        candidate = url
    if candidate and (urlsplit(candidate).hostname or "") in allowed:
        return candidate
    return ""


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_kk = models.CharField(_("item (Kazakh)"), max_length=500, blank=True)
    title_ru = models.CharField(_("item (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("item (English)"), max_length=500, blank=True)
    # An official who presents the item: officials are named publicly.
    presenter_name = models.CharField(_("presenter"), max_length=200, blank=True)
    presenter_position_kk = models.CharField(_("presenter's position (Kazakh)"), max_length=300, blank=True)
    presenter_position_ru = models.CharField(_("presenter's position (Russian)"), max_length=300, blank=True)
    presenter_position_en = models.CharField(_("presenter's position (English)"), max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.order} {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def presenter_position(self) -> str:
        return localized(self, "presenter_position")


class DocumentKind(models.TextChoices):
    DRAFT_DECISION = "draft_decision", _("Draft decision")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", _("Other document")


def document_path(instance: "Document", filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{filename}"


class Document(TimeStampedModel):
    """A document of a meeting, public once the meeting is. Kept in the private storage and served
    through a view that checks the meeting is published (`common.downloads`)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    # The language of the document's text ("" when it holds several or none).
    language = models.CharField(_("language of the document"), max_length=2, blank=True)
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def title(self) -> str:
        return localized(self, "title")


class Minutes(TimeStampedModel):
    """The minutes (протокол) of a meeting: sanitised HTML per language (`common.richtext`)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    body_kk = models.TextField(_("minutes (Kazakh)"), blank=True)
    body_ru = models.TextField(_("minutes (Russian)"), blank=True)
    body_en = models.TextField(_("minutes (English)"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = pgettext_lazy("record of a meeting", "minutes")
        verbose_name_plural = pgettext_lazy("record of a meeting", "minutes")

    def __str__(self) -> str:
        return f"{self.meeting_id} minutes"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def body_in(self, language: str) -> str:
        return getattr(self, f"body_{language}", "")


class Attendee(models.Model):
    """An official invited to a meeting, present or not: officials are named publicly."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return self.name


class TranscriptKind(models.TextChoices):
    TRANSCRIPT = "transcript", _("Transcript")
    SUMMARY = "summary", _("Summary")


class Transcript(TimeStampedModel):
    """A transcript or a summary of a meeting in one language: a text, a file, or both."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="transcripts")
    kind = models.CharField(_("kind"), max_length=16, choices=TranscriptKind.choices, default=TranscriptKind.SUMMARY)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind", "language"], name="meeting_transcript_one_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.kind} {self.language}"


class Decision(TimeStampedModel):
    """A decision taken at a meeting; it becomes one or more instructions of execution control
    (`control.Instruction` with this decision as its source, kind "meetings.decision")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text_kk = models.TextField(_("decision (Kazakh)"), blank=True)
    text_ru = models.TextField(_("decision (Russian)"), blank=True)
    text_en = models.TextField(_("decision (English)"), blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="meeting_decision_number")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.number}"

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def anchor(self) -> str:
        return f"decision-{self.number}"


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Question(TimeStampedModel):
    """A resident's question to a public hearing. The text is published once a moderator approves
    it (they may take personal data out of it first); the author's name and contact never are."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"), max_length=2000)
    author_name = EncryptedTextField(_("name"), max_length=200)
    # A phone or an e-mail for an answer in person; empty once forgotten.
    author_contact = EncryptedTextField(_("contact"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=2, default="kk")
    status = models.CharField(
        _("status"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    reject_reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)
    answer_kk = models.TextField(_("answer (Kazakh)"), blank=True)
    answer_ru = models.TextField(_("answer (Russian)"), blank=True)
    answer_en = models.TextField(_("answer (English)"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    contact_forgotten_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("question to a hearing")
        verbose_name_plural = _("questions to hearings")
        indexes = [models.Index(fields=["meeting", "status"], name="meeting_question_status")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.pk} {self.status}"

    @property
    def answer(self) -> str:
        return localized(self, "answer")

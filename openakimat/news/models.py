"""The akimat's news and announcements.

An item is written in Kazakh, Russian and English, or in some of them: a language missing stays
missing — the page says so and offers the languages there are — and is never filled by a machine.
A language is there when its title is (`LANGUAGES`, `Item.languages`). The body is rich text,
cleaned by `common.richtext.clean` before it is stored. An item links to what it concerns (an
instruction, a budget project, a meeting…) through `links.py`, which knows those apps only by the
kinds they register. Nothing personal is stored: who wrote an item is in the audit log.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openakimat.common.models import TimeStampedModel, TrilingualName
from openakimat.territory.models import Akimat

LANGUAGES = ("kk", "ru", "en")


class Kind(models.TextChoices):
    NEWS = "news", _("News")
    ANNOUNCEMENT = "announcement", _("Announcement")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Category(TrilingualName):
    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")


class Item(TimeStampedModel):
    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="news_items", verbose_name=_("akimat"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.NEWS)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="items", verbose_name=_("category")
    )
    title_kk = models.CharField(_("title (Kazakh)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    lead_kk = models.CharField(_("lead (Kazakh)"), max_length=500, blank=True)
    lead_ru = models.CharField(_("lead (Russian)"), max_length=500, blank=True)
    lead_en = models.CharField(_("lead (English)"), max_length=500, blank=True)
    body_kk = models.TextField(_("text (Kazakh)"), blank=True)
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    # Invented for the demonstration (openakimat/demo/news.py): the page says so.
    is_demo = models.BooleanField(default=False, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-pinned", "-published_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [
            models.Index(fields=["status", "pinned", "published_at"], name="news_item_public"),
            models.Index(fields=["akimat", "status", "published_at"], name="news_item_akimat"),
        ]

    def __str__(self) -> str:
        return self.title_en or self.title_ru or self.title_kk or f"#{self.pk}"

    @property
    def languages(self) -> list[str]:
        """The languages the item is written in, in the site's order."""
        return [code for code in LANGUAGES if getattr(self, f"title_{code}")]

    def has_language(self, code: str) -> bool:
        return code in LANGUAGES and bool(getattr(self, f"title_{code}"))

    def text(self, field: str, code: str) -> str:
        return getattr(self, f"{field}_{code}", "") if code in LANGUAGES else ""

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class Photo(models.Model):
    """A photo of an item: checked by its content, re-encoded without metadata, with a description
    for those who can't see it in each language the item is written in."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="news/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_kk = models.CharField(_("description of the photo (Kazakh)"), max_length=300, blank=True)
    alt_ru = models.CharField(_("description of the photo (Russian)"), max_length=300, blank=True)
    alt_en = models.CharField(_("description of the photo (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"photo {self.pk} of news item {self.item_id}"

    def alt(self, code: str) -> str:
        return getattr(self, f"alt_{code}", "") if code in LANGUAGES else ""


class Link(models.Model):
    """What an item concerns: a record of another app, by the kind that app registered
    (`links.py`) and its primary key."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind of link"), max_length=40)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["item", "kind", "object_id"], name="news_link_once")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"

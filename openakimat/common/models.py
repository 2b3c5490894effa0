from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def localized(obj: object, field: str, language: str | None = None) -> str:
    """The value of `field_<lang>` for the active language, falling back kk → ru → en.

    Residents read names in their language; a record that lacks it still shows something.
    """
    lang = (language or get_language() or "kk").split("-")[0]
    for code in (lang, "kk", "ru", "en"):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


class TrilingualName(models.Model):
    """A name that residents read, stored in each interface language: official names differ
    (Талшик / Талшық), so none is derived from another."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

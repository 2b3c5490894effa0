from django.db import models
from django.utils.translation import get_language


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

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


class TranslatedNameMixin:
    """For models with name_kk / name_ru / name_en."""

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name

"""The registry of public datasets: each app declares the open data it owns, the open-data catalogue
(openakimat/accountability) lists and exports them without knowing the apps.

An app registers its datasets from its `AppConfig.ready`:

    datasets.register(Dataset(
        slug="public-services",
        title=Text(kk="…", ru="…", en="…"),
        description=Text(kk="…", ru="…", en="…"),
        fields=(Field("code", "string", Text(...), Text(...)), ...),
        rows=service_rows,          # () -> Iterable[dict]: lazily, in chunks (queryset.iterator)
        updated_at=services_changed,  # () -> aware datetime | None: the last change of the data
    ))

Only public data is declared here: never a name, a phone, an IIN or an address of a resident. Titles
and descriptions are given in all three languages in the declaration itself (like data.egov.kz's
`nameKk`/`nameRu`/`nameEn`), so that the data package carries them all whatever the request's
language. `rows` must yield dicts with exactly the declared fields' names (a test checks every
dataset), with values of the declared Table Schema types: str, int, Decimal/float, bool, date,
datetime (aware), None for a missing value; "yearmonth" as "YYYY-MM".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import get_language

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# Table Schema field types the exports know how to write.
TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "yearmonth")


@dataclass(frozen=True)
class Text:
    """A text in the three languages of the site."""

    kk: str
    ru: str
    en: str

    def get(self, language: str | None = None) -> str:
        language = (language or get_language() or "kk")[:2]
        return getattr(self, language, "") or self.ru or self.kk

    def as_names(self, key: str = "name") -> dict[str, str]:
        """`{"nameKk": …, "nameRu": …, "nameEn": …}`, as data.egov.kz names its metadata."""
        return {f"{key}Kk": self.kk, f"{key}Ru": self.ru, f"{key}En": self.en}


@dataclass(frozen=True)
class Field:
    name: str  # snake_case, the CSV column and the JSON key
    type: str  # a Table Schema type, one of TYPES
    title: Text
    description: Text


@dataclass(frozen=True)
class Dataset:
    slug: str  # unique, URL-safe, lower case (a Data Package resource name)
    title: Text
    description: Text
    fields: tuple[Field, ...]
    rows: Callable[[], Iterable[dict[str, Any]]]
    updated_at: Callable[[], datetime | None]
    owner: str  # the owning app's label
    realm: str = "reference"  # the page-cache realm whose generation changes with the data

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


_datasets: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    for f in dataset.fields:
        if f.type not in TYPES:
            raise ValueError(f"{dataset.slug}.{f.name}: unknown field type {f.type!r}")
    other = _datasets.get(dataset.slug)
    if other is not None and other.owner != dataset.owner:
        raise ValueError(f"dataset {dataset.slug!r} is already registered by {other.owner}")
    _datasets[dataset.slug] = dataset
    return dataset


def registered() -> list[Dataset]:
    return sorted(_datasets.values(), key=lambda d: d.slug)


def get(slug: str) -> Dataset | None:
    return _datasets.get(slug)


_LANGUAGE_NAMES = {
    "kk": Text("қазақша", "казахский", "Kazakh"),
    "ru": Text("орысша", "русский", "Russian"),
    "en": Text("ағылшынша", "английский", "English"),
}


def in_languages(name: str, title: Text, description: Text) -> tuple[Field, ...]:
    """Three string fields `<name>_kk`, `<name>_ru`, `<name>_en` for a text kept in each language."""

    def say(text: Text, lang: str) -> Text:
        return Text(*(f"{getattr(text, ui)} ({getattr(_LANGUAGE_NAMES[lang], ui)})" for ui in ("kk", "ru", "en")))

    return tuple(
        Field(f"{name}_{lang}", "string", say(title, lang), say(description, lang)) for lang in ("kk", "ru", "en")
    )

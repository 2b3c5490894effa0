"""Budgets in open formats, per territory subtree and year: a Fiscal Data Package (a zip of
datapackage.json with a `model`, lines.csv and payments.csv), the lines as CSV, and GeoJSON of
projects and of territory totals. docs/budget-data.md describes the formats.

The exports carry the *current* version of every budget in the subtree (the one the rollups and
the map show), with amounts in tenge written with a "." decimal mark, and codes as text, so that
leading zeros survive ("01", "593400000"). `import_budget` reads the package back."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone

from openakimat.territory.models import Territory

from . import selectors
from .models import BudgetLine, Classification, Payment

PHASES = ("approved", "adjusted", "contracted", "paid")
LEVELS = ("group", "subgroup", "administrator", "program", "subprogram")
LANGS = ("kk", "ru", "en")
CENT = Decimal("0.01")

KATO_PATTERN = r"^\d{9}$"
CODE_PATTERN = r"^\d{2}(\.\d(\.\d{3}(\.\d{3}(\.\d{3})?)?)?)?$"
LEVEL_PATTERNS = {
    "group": r"^\d{2}$",
    "subgroup": r"^\d{2}\.\d$",
    "administrator": r"^\d{2}\.\d\.\d{3}$",
    "program": r"^\d{2}\.\d\.\d{3}\.\d{3}$",
    "subprogram": r"^\d{2}\.\d\.\d{3}\.\d{3}\.\d{3}$",
}
ECONOMIC_PATTERN = r"^\d{1,8}$"

LINE_COLUMNS = [
    "kato",
    *(f"territory_{lang}" for lang in LANGS),
    "year",
    "version",
    "month",
    "functional_code",
    *(f"name_{lang}" for lang in LANGS),
    *LEVELS,
    *(f"group_{lang}" for lang in LANGS),
    "economic_code",
    *PHASES,
]
# A line is one code (with its economic specific) of one territory's budget of the year.
LINE_KEY = ["kato", "year", "functional_code", "economic_code"]
PAYMENT_COLUMNS = ["kato", "year", "version", "month", "functional_code", "economic_code", "paid"]


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def _current_lines(territory: Territory, year: int):
    return BudgetLine.objects.filter(
        budget__is_current=True, budget__year=year, budget__territory__path__startswith=territory.path
    )


def line_rows(territory: Territory, year: int) -> Iterator[dict[str, Any]]:
    """The lines of the current budgets in the territory's subtree in a year, one dict per line
    with the LINE_COLUMNS, ordered by territory and code. Two queries."""
    return current_line_rows(_current_lines(territory, year))


def current_line_rows(lines: Any) -> Iterator[dict[str, Any]]:
    """The LINE_COLUMNS of the given budget lines, ordered by year, territory and code, read in
    chunks (the open-data catalogue streams every current budget through it). Two queries: the
    functional groups (a few dozen), then the lines."""
    groups = {c.code: c for c in Classification.objects.filter(level=1)}
    rows = (
        lines.order_by("budget__year", "budget__territory__kato", "classification__code", "economic_code")
        .values_list(
            "budget__territory__kato",
            *(f"budget__territory__name_{lang}" for lang in LANGS),
            "budget__year",
            "budget__version",
            "classification__code",
            *(f"classification__name_{lang}" for lang in LANGS),
            "economic_code",
            *PHASES,
        )
        .iterator(chunk_size=2000)
    )
    for kato, t_kk, t_ru, t_en, year, version, code, n_kk, n_ru, n_en, economic, *amounts in rows:
        parts = code.split(".")
        group = groups.get(parts[0])
        yield {
            "kato": kato,
            "territory_kk": t_kk,
            "territory_ru": t_ru,
            "territory_en": t_en,
            "year": year,
            "version": version,
            "month": "",
            "functional_code": code,
            "name_kk": n_kk,
            "name_ru": n_ru,
            "name_en": n_en,
            **{level: ".".join(parts[: i + 1]) if i < len(parts) else "" for i, level in enumerate(LEVELS)},
            **{f"group_{lang}": getattr(group, f"name_{lang}") if group else "" for lang in LANGS},
            "economic_code": economic,
            **{phase: _money(amount) for phase, amount in zip(PHASES, amounts, strict=True)},
        }


def payment_rows(territory: Territory, year: int) -> Iterator[dict[str, Any]]:
    """Paid per line and month of the same budgets. One query."""
    rows = (
        Payment.objects.filter(line__in=_current_lines(territory, year))
        .order_by("line__budget__territory__kato", "line__classification__code", "line__economic_code", "month")
        .values_list(
            "line__budget__territory__kato",
            "line__budget__version",
            "month",
            "line__classification__code",
            "line__economic_code",
            "amount",
        )
    )
    for kato, version, month, code, economic, amount in rows:
        yield {
            "kato": kato,
            "year": year,
            "version": version,
            "month": month,
            "functional_code": code,
            "economic_code": economic,
            "paid": _money(amount),
        }


def _csv(columns: list[str], rows: Iterator[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def lines_csv(territory: Territory, year: int) -> str:
    """The lines as CSV (UTF-8, header row, "," delimiter, amounts in tenge with a "." mark)."""
    return _csv(LINE_COLUMNS, line_rows(territory, year))


def payments_csv(territory: Territory, year: int) -> str:
    return _csv(PAYMENT_COLUMNS, payment_rows(territory, year))


# ---------------------------------------------------------------------------------------------
# Fiscal Data Package


def _string(name: str, title: str, pattern: str | None = None, required: bool = False) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": name, "title": title, "type": "string"}
    constraints: dict[str, Any] = {}
    if pattern:
        constraints["pattern"] = pattern
    if required:
        constraints["required"] = True
    if constraints:
        spec["constraints"] = constraints
    return spec


def _amount(name: str, title: str) -> dict[str, Any]:
    return {
        "name": name,
        "title": title,
        "type": "number",
        "decimalChar": ".",
        "bareNumber": True,
        "constraints": {"required": True, "minimum": 0},
    }


def _year() -> dict[str, Any]:
    return {
        "name": "year",
        "title": "Fiscal year",
        "type": "integer",
        "constraints": {"required": True, "minimum": 2000, "maximum": 2100},
    }


def _version() -> dict[str, Any]:
    return {
        "name": "version",
        "title": "Budget version (0 approved, 1, 2, … adjustments)",
        "type": "integer",
        "constraints": {"required": True, "minimum": 0},
    }


def _month(required: bool) -> dict[str, Any]:
    constraints: dict[str, Any] = {"minimum": 1, "maximum": 12}
    if required:
        constraints["required"] = True
    return {"name": "month", "title": "Month of payment", "type": "integer", "constraints": constraints}


LANG_TITLES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}


def lines_schema() -> dict[str, Any]:
    fields = [
        _string("kato", "Territory (KATO code)", KATO_PATTERN, required=True),
        *(_string(f"territory_{lang}", f"Territory name ({LANG_TITLES[lang]})") for lang in LANGS),
        _year(),
        _version(),
        _month(required=False),
        _string("functional_code", "Functional classification code", CODE_PATTERN, required=True),
        *(_string(f"name_{lang}", f"Classification name ({LANG_TITLES[lang]})") for lang in LANGS),
        *(_string(level, f"Functional {level} code", LEVEL_PATTERNS[level]) for level in LEVELS),
        *(_string(f"group_{lang}", f"Functional group name ({LANG_TITLES[lang]})") for lang in LANGS),
        _string("economic_code", "Economic specific (blank: none)", ECONOMIC_PATTERN),
        _amount("approved", "Approved, tenge"),
        _amount("adjusted", "Adjusted plan, tenge"),
        _amount("contracted", "Contracted, tenge"),
        _amount("paid", "Paid, tenge"),
    ]
    return {"fields": fields, "missingValues": [""], "primaryKey": LINE_KEY}


def payments_schema() -> dict[str, Any]:
    fields = [
        _string("kato", "Territory (KATO code)", KATO_PATTERN, required=True),
        _year(),
        _version(),
        _month(required=True),
        _string("functional_code", "Functional classification code", CODE_PATTERN, required=True),
        _string("economic_code", "Economic specific (blank: none)", ECONOMIC_PATTERN),
        _amount("paid", "Paid in the month, tenge"),
    ]
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": [*LINE_KEY, "month"],
        "foreignKeys": [{"fields": LINE_KEY, "reference": {"resource": "lines", "fields": LINE_KEY}}],
    }


def fdp_model() -> dict[str, Any]:
    """The FDP `model`: the four phases of the lines and the monthly payments as measures in
    tenge; the functional classification (code with its labels), the economic specific, the
    location (KATO with names), the date (year; month for payments) and the budget version as
    dimensions. "contracted" has no phase in the FDP vocabulary, so its measure states none."""

    def measure(source: str, resource: str, phase: str | None, title: str) -> dict[str, Any]:
        spec = {
            "source": source,
            "resource": resource,
            "title": title,
            "currency": "KZT",
            "factor": 1,
            "direction": "expenditure",
        }
        if phase:
            spec["phase"] = phase
        return spec

    def labels(prefix: str, target: str) -> dict[str, Any]:
        return {
            f"{prefix}{lang}": {"source": f"{prefix}{lang}", "resource": "lines", "labelfor": target} for lang in LANGS
        }

    return {
        "measures": {
            "approved": measure("approved", "lines", "approved", "Approved"),
            "adjusted": measure("adjusted", "lines", "adjusted", "Adjusted plan"),
            "contracted": measure("contracted", "lines", None, "Contracted (commitments)"),
            "paid": measure("paid", "lines", "executed", "Paid"),
            "monthly_paid": measure("paid", "payments", "executed", "Paid in the month"),
        },
        "dimensions": {
            "functional_classification": {
                "dimensionType": "classification",
                "classificationType": "functional",
                "attributes": {"functional_code": {"source": "functional_code"}, **labels("name_", "functional_code")},
                "primaryKey": "functional_code",
            },
            "economic_classification": {
                "dimensionType": "classification",
                "classificationType": "economic",
                "attributes": {"economic_code": {"source": "economic_code"}},
                "primaryKey": "economic_code",
            },
            "location": {
                "dimensionType": "location",
                "attributes": {"kato": {"source": "kato"}, **labels("territory_", "kato")},
                "primaryKey": "kato",
            },
            "date": {
                "dimensionType": "datetime",
                "attributes": {"year": {"source": "year"}, "month": {"source": "month", "parent": "year"}},
                "primaryKey": ["year", "month"],
            },
            "version": {
                "dimensionType": "other",
                "attributes": {"version": {"source": "version"}},
                "primaryKey": "version",
            },
        },
    }


def fdp_descriptor(territory: Territory, year: int) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": f"openakimat-budget-{territory.kato}-{year}",
        "title": f"Budgets of {territory.name_en} ({territory.kato}), {year}",
        "description": (
            f"Current versions of the budgets of {territory.name_en} and the territories within it in "
            f"{year}, by the functional classification, in tenge. Published by Open Akimat."
        ),
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "countryCode": "KZ",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "keywords": ["budget", "fiscal", "Kazakhstan", territory.kato],
        "resources": [
            {
                "name": "lines",
                "title": "Budget lines",
                "path": "lines.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": lines_schema(),
            },
            {
                "name": "payments",
                "title": "Payments by month",
                "path": "payments.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": payments_schema(),
            },
        ],
        "model": fdp_model(),
    }


def fdp_zip(territory: Territory, year: int) -> bytes:
    """The Fiscal Data Package as a zip: datapackage.json, lines.csv, payments.csv. Three queries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(fdp_descriptor(territory, year), ensure_ascii=False, indent=2))
        archive.writestr("lines.csv", lines_csv(territory, year))
        archive.writestr("payments.csv", payments_csv(territory, year))
    return buffer.getvalue()


def projects_geojson(territory: Territory, year: int) -> str:
    return json.dumps(selectors.projects_geojson(territory, year), ensure_ascii=False)


def territories_geojson(territory: Territory, year: int) -> str:
    return json.dumps(selectors.territories_geojson(territory, year), ensure_ascii=False)

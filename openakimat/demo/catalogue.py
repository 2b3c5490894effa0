"""The demonstration register of public services (docs/demo-data.md, "Public services").

The table is `data/catalogue.json`. From the domain notes (the register, order No. 39/НҚ of
31.01.2020): which services, their department, legal terms and fees. INVENTED: the register codes,
the descriptions and results (simplified), the lists of required documents and the online channel
flags, the fields the online form asks (`data/forms.json`), the common names (synonyms), the popular
services and the grouping into life situations. Terms given in the notes as "up to 1 month" are
stored as 30 calendar days; the fees the notes give as 3,450, 6,900 and 1,725 ₸ are 1, 2 and 0.5 МРП
of 2023 and are stored in МРП.
"""

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from openakimat.catalogue.models import PublicService, ServiceOffering, TermUnit
from openakimat.catalogue.services import (
    DocumentSpec,
    life_situation_save,
    public_service_create,
    public_service_update,
    service_offer,
)
from openakimat.common.actor import Actor
from openakimat.territory.models import Akimat, Department

DATA = Path(__file__).resolve().parent / "data" / "catalogue.json"
FORMS = Path(__file__).resolve().parent / "data" / "forms.json"
# The uploaded statement, dropped where the service declares its fields: the statement is then
# generated from the answers.
STATEMENT_DOCUMENT = "APPLICATION"
LANGUAGES = ("en", "ru", "kk")


@cache
def _data() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


@cache
def _forms() -> dict[str, Any]:
    return json.loads(FORMS.read_text(encoding="utf-8"))


def _by_language(prefix: str, names: dict[str, str] | None) -> dict[str, str]:
    """`{"en": …, "ru": …, "kk": …}` as the model's `<prefix>_en`, `_ru`, `_kk` fields ("" when absent)."""
    return {f"{prefix}_{lang}": (names or {}).get(lang, "") for lang in LANGUAGES}


def _document(entry: str | dict[str, Any]) -> DocumentSpec:
    """A required document: the name of a shared one in the table's "documents", or one given inline."""
    spec = _data()["documents"][entry] if isinstance(entry, str) else entry
    return DocumentSpec(
        spec["en"], spec["ru"], spec["kk"], spec.get("mandatory", True), spec.get("file_types", "pdf,jpg,png")
    )


def _fee_note(entry: str | dict[str, str] | None) -> dict[str, str] | None:
    return _data()["fee_notes"][entry] if isinstance(entry, str) else entry


def _synonyms(kind: str, own: dict[str, str] | None) -> dict[str, str]:
    """The service's common names, then its department's ("ЗАГС", "АХАЖ"), in each language."""
    department = _data()["department_synonyms"].get(kind, {})
    return {
        f"synonyms_{lang}": ", ".join(t for t in ((own or {}).get(lang, ""), department.get(lang, "")) if t)
        for lang in LANGUAGES
    }


def service_rows() -> list[tuple[str, dict[str, Any], list[DocumentSpec]]]:
    """Each service of the register: its code, its model fields and its required documents."""
    data = _data()
    legal_basis = _by_language("legal_basis", data["legal_basis"])
    rows = []
    for service in data["services"]:
        kind = service["department_kind"]
        value, unit = service["term"]
        extended_value, extended_unit = service.get("extended_term") or (None, "")
        fee, fee_mrp = service["fee"], service.get("fee_mrp")
        fields = {
            "department_kind": kind,
            **_by_language("name", service["name"]),
            **_by_language("description", data["descriptions"][kind]),
            **_by_language("result", service["result"]),
            "term_value": value,
            "term_unit": TermUnit(unit),
            "extended_term_value": extended_value,
            "extended_term_unit": TermUnit(extended_unit) if extended_unit else "",
            **_by_language("extended_condition", service.get("extended_condition")),
            "fee": None if fee is None else Decimal(fee),
            "fee_mrp": None if fee_mrp is None else Decimal(fee_mrp),
            **_by_language("fee_note", _fee_note(service.get("fee_note"))),
            "at_desk": True,
            "online": service["online"],
            "is_active": True,
            **legal_basis,
            "form_fields": _forms().get(service["code"], []),
            **_synonyms(kind, service.get("synonyms")),
            "popular_rank": service.get("popular_rank"),
        }
        documents = service["documents"]
        if fields["form_fields"]:
            documents = [d for d in documents if d != STATEMENT_DOCUMENT]
        rows.append((service["code"], fields, [_document(d) for d in documents]))
    return rows


def load(actor: Actor, akimat: Akimat) -> None:
    """Write the register and offer every service at the akimat's department of its kind. Writes
    only what is new or different: loading again changes nothing."""
    departments = {d.kind: d for d in Department.objects.filter(akimat=akimat)}
    for code, fields, documents in service_rows():
        existing = PublicService.objects.filter(code=code).first()
        if existing is None:
            service = public_service_create(actor=actor, code=code, documents=documents, **fields)
        else:
            service = public_service_update(actor=actor, service=existing, documents=documents, **fields)
        department = departments.get(fields["department_kind"])
        if department and not ServiceOffering.objects.filter(service=service, department=department).exists():
            service_offer(actor=actor, service=service, department=department)
    for order, situation in enumerate(_data()["life_situations"], start=1):
        life_situation_save(
            actor=actor,
            slug=situation["slug"],
            **_by_language("name", situation["name"]),
            order=order,
            service_codes=situation["services"],
        )

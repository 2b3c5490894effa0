from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from openakimat.territory.schemas import Names, names


class TermOut(Schema):
    value: int
    unit: str


class ExtendedTermOut(TermOut):
    condition: Names


class FeeOut(Schema):
    free: bool = Field(..., description="The service costs nothing.")
    mrp: Decimal | None = Field(
        ..., description="The fee in monthly calculation indices (МРП), when the register sets it so."
    )
    tenge: Decimal | None = Field(
        ..., description="The amount to pay in tenge: the fixed fee, or `mrp` times the МРП of `year`."
    )
    year: int | None = Field(..., description="The year whose МРП gave `tenge`.")
    mrp_tenge: int | None = Field(..., description="That year's МРП in tenge.")


class PublicServiceOut(Schema):
    code: str
    department_kind: str
    name: Names
    synonyms: Names
    term: TermOut
    extended_term: ExtendedTermOut | None
    fee: Decimal | None = Field(..., description="The fixed fee in tenge from the register; see `fee_detail`.")
    fee_detail: FeeOut
    fee_note: Names
    at_desk: bool
    online: bool

    @staticmethod
    def resolve_synonyms(obj: Any) -> dict[str, str]:
        return names(obj, "synonyms")

    @staticmethod
    def resolve_fee_detail(obj: Any) -> dict[str, Any]:
        fee = obj.fee_info
        return {"free": fee.free, "mrp": fee.mrp, "tenge": fee.tenge, "year": fee.year, "mrp_tenge": fee.index}

    @staticmethod
    def resolve_name(obj: Any) -> dict[str, str]:
        return names(obj)

    @staticmethod
    def resolve_term(obj: Any) -> dict[str, Any]:
        return {"value": obj.term_value, "unit": obj.term_unit}

    @staticmethod
    def resolve_extended_term(obj: Any) -> dict[str, Any] | None:
        if obj.extended_term_value is None:
            return None
        return {
            "value": obj.extended_term_value,
            "unit": obj.extended_term_unit,
            "condition": names(obj, "extended_condition"),
        }

    @staticmethod
    def resolve_fee_note(obj: Any) -> dict[str, str]:
        return names(obj, "fee_note")


class RequiredDocumentOut(Schema):
    id: int = Field(..., description="An online application sends this document's file in the field `document_<id>`.")
    name: Names
    mandatory: bool
    file_types: list[str]

    @staticmethod
    def resolve_name(obj: Any) -> dict[str, str]:
        return names(obj)

    @staticmethod
    def resolve_file_types(obj: Any) -> list[str]:
        return obj.file_type_list


class OfferingOut(Schema):
    akimat: str
    akimat_name: Names
    department_id: int
    department_name: Names

    @staticmethod
    def resolve_akimat(obj: Any) -> str:
        return obj.department.akimat.territory.kato

    @staticmethod
    def resolve_akimat_name(obj: Any) -> dict[str, str]:
        return names(obj.department.akimat)

    @staticmethod
    def resolve_department_name(obj: Any) -> dict[str, str]:
        return names(obj.department)


class PublicServiceDetail(PublicServiceOut):
    description: Names
    result: Names
    legal_basis: Names
    documents: list[RequiredDocumentOut]
    offered_at: list[OfferingOut]
    form_fields: list[dict[str, Any]] = Field(
        ...,
        description="The service's own questions, in groups (legend, fields: name, type text/long_text/date/"
        "number/choice, label and help in kk/ru/en, required, choices…). Answer them in `fields` of "
        "`POST /api/v1/applications`. Empty: the service asks nothing of its own.",
    )

    @staticmethod
    def resolve_description(obj: Any) -> dict[str, str]:
        return names(obj, "description")

    @staticmethod
    def resolve_result(obj: Any) -> dict[str, str]:
        return names(obj, "result")

    @staticmethod
    def resolve_legal_basis(obj: Any) -> dict[str, str]:
        return names(obj, "legal_basis")

    @staticmethod
    def resolve_documents(obj: Any) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_offered_at(obj: Any) -> list[Any]:
        return list(obj.offerings.all())

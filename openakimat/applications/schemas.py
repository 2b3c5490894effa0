"""Request and response shapes of the applications API. Public answers carry nothing personal;
the applicant block of the staff answers is filled only for those allowed to see it."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator

from openakimat.common.calendar import ALMATY
from openakimat.common.schemas import DatabaseId
from openakimat.territory.schemas import Names, names

from .models import Status

Language = Literal["kk", "ru", "en"]
# Every time in Kazakhstan time with its offset (2026-12-01T10:00:00+05:00), however it was read.
LocalDateTime = Annotated[datetime, AfterValidator(lambda value: timezone.localtime(value, ALMATY))]


# The resident's side


class ApplicationIn(Schema):
    """An online application. Sent as JSON when the service asks for no documents, or as
    multipart/form-data with one file per document of the service's list, in fields named
    `document_<id>` (the id from `GET /api/v1/services/{code}`)."""

    service: str = Field(..., max_length=32, description="Register code of the public service, e.g. CONS-01.")
    department: DatabaseId | None = Field(
        None, description="Id of the department that should render it; needed when more than one offers the service."
    )
    applicant_iin: str = Field(..., max_length=20, description="The resident's IIN, 12 digits.")
    applicant_name: str = Field(..., max_length=300)
    applicant_phone: str = Field(..., max_length=32, description="A Kazakhstan number, e.g. +7 701 123 4567.")
    applicant_email: str = Field("", max_length=254)
    language: Language = Field("kk", description="Language of the SMS and e-mail the resident receives.")
    consent: bool = Field(..., description="Consent to the processing of personal data; must be true.")
    fields: dict[str, Any] | None = Field(
        None,
        description="Answers to the service's own questions (`form_fields` of `GET /api/v1/services/{code}`), "
        "by name: text as strings, dates as YYYY-MM-DD, numbers as whole numbers, a choice as its value. "
        "Required where the service declares fields: the statement is generated from them. In "
        "multipart/form-data, send this object as a JSON string.",
    )


class ApplicationReceipt(Schema):
    number: str
    tracking_code: str = Field(..., description="With the number, lets the resident track the application.")
    status: str
    registered_at: LocalDateTime
    due_at: LocalDateTime


class TrackIn(Schema):
    number: str = Field(..., max_length=40)
    tracking_code: str = Field(..., max_length=40)


class StepOut(Schema):
    kind: str = Field(..., description="registered, status, transferred, extended or document.")
    status: str = Field(..., description="The status the case moved to, where the step changed it.")
    label: str
    at: LocalDateTime


class TrackOut(Schema):
    number: str
    service: str
    service_name: Names
    status: str
    status_label: str
    registered_at: LocalDateTime
    due_at: LocalDateTime
    decided_at: LocalDateTime | None
    paused_since: LocalDateTime | None
    public_note: str
    steps: list[StepOut]
    next_step: str


# Staff


class ServiceRef(Schema):
    code: str
    name: Names

    @staticmethod
    def resolve_name(obj: Any) -> dict[str, str]:
        return names(obj)


class DepartmentRef(Schema):
    id: int
    name: Names

    @staticmethod
    def resolve_name(obj: Any) -> dict[str, str]:
        return names(obj)


class ApplicantOut(Schema):
    iin: str
    name: str
    phone: str
    email: str
    language: str


class CaseOut(Schema):
    number: str
    status: str
    status_label: str
    service: ServiceRef
    department: DepartmentRef
    assignee: str | None
    due_at: LocalDateTime
    paused_at: LocalDateTime | None
    overdue: bool
    applicant: ApplicantOut | None = Field(None, description="Only for those allowed to see the resident's details.")

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_assignee(obj: Any) -> str | None:
        return obj.assignee.get_username() if obj.assignee_id else None

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        # The same rule as the inbox page: a paused case is late only if it was when it paused.
        return obj.deadline_state(timezone.now()) == "overdue"

    @staticmethod
    def resolve_applicant(obj: Any) -> dict[str, str] | None:
        # Set by the selector from the caller's permission (`permissions.can_see_applicant`).
        if not getattr(obj, "applicant_visible", False):
            return None
        return {
            "iin": obj.visible_iin,
            "name": obj.visible_name,
            "phone": obj.visible_phone,
            "email": obj.visible_email,
            "language": obj.visible_language,
        }


class EventOut(Schema):
    at: LocalDateTime
    kind: str
    by: str
    from_status: str
    to_status: str
    note: str

    @staticmethod
    def resolve_by(obj: Any) -> str:
        return obj.actor_label


class DocumentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    required: str | None = Field(None, description="The document of the service's list it was handed in for.")
    uploaded_at: LocalDateTime

    @staticmethod
    def resolve_required(obj: Any) -> str | None:
        return obj.required.name if obj.required_id else None


class MoveOut(Schema):
    name: str
    label: str
    needs_note: bool
    needs_basis: bool

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.label)


class CaseDetail(CaseOut):
    version: int = Field(..., description="Send it back with a change; a stale version is refused with 409.")
    channel: str
    registered_at: LocalDateTime
    decided_at: LocalDateTime | None
    closed_at: LocalDateTime | None
    term_extended: bool
    public_note: str
    refusal_reason: str
    refusal_basis: str
    moves: list[MoveOut] = Field(..., description="Moves of the workflow the caller may make now.")
    actions: list[str] = Field(
        ..., description="Other actions the caller may take now: assign, transfer, extend, add_documents."
    )
    events: list[EventOut]
    documents: list[DocumentOut]
    answers: dict[str, Any] = Field(
        ..., description="The resident's answers to the service's own questions, by field name (may be empty)."
    )

    @staticmethod
    def resolve_moves(obj: Any) -> list[Any]:
        return obj.move_list

    @staticmethod
    def resolve_actions(obj: Any) -> list[str]:
        return sorted(obj.action_set)

    @staticmethod
    def resolve_events(obj: Any) -> list[Any]:
        return obj.event_list

    @staticmethod
    def resolve_documents(obj: Any) -> list[Any]:
        return obj.document_list


class InboxFilters(Schema):
    status: str = Field(
        "open",
        description="open (the department's work), ready (decided, waiting at the desk), closed, all, "
        "or one status: " + ", ".join(Status.values),
    )
    department: DatabaseId | None = Field(None, description="Id of a department.")
    number: str = Field("", max_length=40, description="A whole case number or a part of it.")
    assigned_to_me: bool = False


class MoveIn(Schema):
    version: int
    note: str = Field("", max_length=4000)
    basis: str = Field("", max_length=4000)
    id_document: str = Field(
        "", max_length=32, description="For `issue`: the identity document shown (id_card, passport, residence_permit)."
    )
    id_iin: str = Field(
        "", max_length=20, description="For `issue`: the IIN on that document; must be the applicant's."
    )
    id_seen: bool = Field(False, description="For `issue`: the operator saw the original document.")


class AssignIn(Schema):
    version: int
    assignee: str = Field(..., max_length=150, description="Username of a specialist or head of the department.")


class TransferIn(Schema):
    version: int
    department: DatabaseId
    reason: str = Field(..., max_length=4000)


class ExtendIn(Schema):
    version: int
    reason: str = Field(..., max_length=4000)

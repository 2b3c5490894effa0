"""The public register of instructions as JSON: the list with the register's filters, one page at
a time, and one instruction with its timeline. Read-only and without personal data."""

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from openakimat.common.schemas import ErrorOut
from openakimat.territory.models import Department, Territory

from . import selectors
from .models import Instruction
from .schemas import InstructionDetail, InstructionPage

router = Router(tags=["instructions"])


class InstructionFilters(Schema):
    akimat: str | None = Field(
        None, description="KATO code of an akimat: its instructions and those of the akimats in its territory."
    )
    status: str | None = Field(None, pattern=r"^(assigned|in_progress|done|cancelled|overdue)$")
    source: str | None = Field(None, max_length=40)
    department: int | None = Field(None, ge=1, le=2**62)
    territory: str | None = Field(None, pattern=r"^[0-9]{9}$", description="KATO code of a village or okrug.")
    page: int = Field(1, ge=1, le=selectors.MAX_PAGE)
    page_size: int = Field(selectors.PAGE_SIZE, ge=1, le=selectors.PAGE_SIZE_MAX)


def _names(obj: Any) -> dict[str, str]:
    return {lang: getattr(obj, f"name_{lang}") for lang in ("kk", "ru", "en")}


def _out(instruction: Instruction, today: date) -> dict[str, Any]:
    territory = instruction.territory
    return {
        "number": instruction.number,
        "title": instruction.title,
        "status": instruction.status,
        "overdue": instruction.is_overdue(today),
        "deadline": instruction.deadline,
        "original_deadline": instruction.original_deadline,
        "extension_count": instruction.extension_count,
        "source": instruction.source_kind,
        "akimat": {"kato": instruction.akimat.territory.kato, "name": _names(instruction.akimat)},
        "department": {"id": instruction.department_id, "name": _names(instruction.department)},
        "territory": {"kato": territory.kato, "name": _names(territory)} if territory else None,
        "created_at": instruction.created_at,
        "completed_at": instruction.completed_at,
        "done_on_time": instruction.done_on_time,
        "url": reverse("control:detail", kwargs={"number": instruction.number}),
    }


@router.get(
    "/instructions",
    response={200: InstructionPage, 404: ErrorOut},
    summary="The public register of instructions",
)
def list_instructions(request: HttpRequest, filters: Query[InstructionFilters]):
    """Instructions newest first (the longest overdue first with `status=overdue`), filtered as the
    register's page is. An unknown `akimat`, `department` or `territory` is a 404."""
    akimat = selectors.akimat_by_kato(filters.akimat) if filters.akimat else None
    department = territory = None
    try:
        if filters.department is not None:
            department = Department.objects.get(pk=filters.department)
        if filters.territory:
            territory = Territory.objects.get(kato=filters.territory)
    except (Department.DoesNotExist, Territory.DoesNotExist):
        raise Http404(_("No such department or territory.")) from None
    wanted = selectors.RegisterFilters(
        akimat=akimat,
        status=filters.status or "",
        source=filters.source or "",
        department=department,
        territory=territory,
    )
    today = timezone.localdate()
    qs = selectors.register(wanted, today)
    page = selectors.page_of(qs, filters.page, filters.page_size)
    return {
        "items": [_out(row, today) for row in page.rows],
        "page": page.number,
        "page_size": page.size,
        "next_page": page.number + 1 if page.has_next else None,
    }


@router.get("/instructions/{number}", response=InstructionDetail, summary="One instruction with its timeline")
def get_instruction(request: HttpRequest, number: str):
    instruction = selectors.public_detail(number=number)
    today = timezone.localdate()
    events = [
        {
            "kind": e.kind,
            "at": e.at,
            "text": e.text,
            "old_deadline": e.old_deadline,
            "new_deadline": e.new_deadline,
            "attachments": [
                {
                    "kind": a.kind,
                    "name": a.name,
                    "size": a.size,
                    "url": reverse("control:file", kwargs={"number": instruction.number, "attachment_id": a.pk}),
                }
                for a in e.attachments.all()
            ],
        }
        for e in instruction.events.all()
    ]
    return {
        **_out(instruction, today),
        "description": instruction.description,
        "result": instruction.result,
        "cancel_reason": instruction.cancel_reason,
        "source_url": selectors.source_url(instruction),
        "events": events,
    }

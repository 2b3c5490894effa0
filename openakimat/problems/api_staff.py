"""The staff part of the problem reports API: the triage inbox and the triage actions, by a
signed-in session or a bearer token. The same policy as the pages (`permissions`) and the same
services; the reporter's contacts are not in the API."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from openakimat.api.auth import staff_auth
from openakimat.common.pagination import PagePagination
from openakimat.common.schemas import DatabaseId, ErrorOut
from openakimat.territory.models import Department

from . import permissions, selectors, services
from .models import Report

router = Router(tags=["staff"])
STAFF_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class InboxFilters(Schema):
    status: str = Field("new", pattern=r"^(new|open|closed|[a-z_]{1,12})?$", max_length=12)
    category: DatabaseId | None = None


class StaffReportOut(Schema):
    id: int
    akimat_id: int
    category_id: int
    status: str
    version: int
    created_at: datetime
    territory_id: int | None
    address: str
    lat: float | None
    lon: float | None
    description: str
    public_note: str
    duplicate_of_id: int | None


class VersionIn(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1)


class AcceptIn(VersionIn):
    title: str = Field(..., max_length=300)
    deadline: date
    department: DatabaseId | None = None
    description: str = Field("", max_length=5000)


class RejectIn(VersionIn):
    reason: str = Field(..., max_length=2000)


class MergeIn(VersionIn):
    into: DatabaseId


class UpdateIn(VersionIn):
    note: str = Field(..., max_length=2000)


def _report(request: HttpRequest, report_id: int, allowed) -> Report:  # type: ignore[no-untyped-def]
    report = selectors.staff_report(actor=request.auth, pk=report_id)  # type: ignore[arg-type]
    if report is None:
        raise Http404
    if not allowed(request.auth, report):
        raise PermissionDenied
    return report


def _out(report: Report) -> Report:
    report.refresh_from_db()
    return report


@router.get(
    "/staff/problems",
    auth=staff_auth,
    response={200: list[StaffReportOut], 401: ErrorOut, 403: ErrorOut},
    summary="Triage inbox: problem reports, new ones first",
)
@paginate(PagePagination)
def triage_list(request: HttpRequest, filters: Query[InboxFilters]):  # type: ignore[no-untyped-def]
    if not permissions.can_open_triage(request.auth):  # type: ignore[arg-type]
        raise PermissionDenied
    category = None
    if filters.category is not None:
        category = next((c for c in selectors.staff_categories(request.auth) if c.pk == filters.category), None)  # type: ignore[arg-type]
    return selectors.inbox(actor=request.auth, status=filters.status or "new", category=category)  # type: ignore[arg-type]


@router.post(
    "/staff/problems/{report_id}/accept",
    auth=staff_auth,
    response={200: StaffReportOut, **STAFF_ERRORS},
    summary="Accept a report: it becomes an instruction with a deadline",
)
def triage_accept(request: HttpRequest, report_id: DatabaseId, payload: AcceptIn):  # type: ignore[no-untyped-def]
    report = _report(request, report_id, permissions.can_accept)
    department = None
    if payload.department is not None:
        department = Department.objects.filter(pk=payload.department, akimat_id=report.akimat_id).first()
        if department is None:
            raise ValidationError({"department": [_("Choose a department of the report's akimat.")]})
    services.report_accept(
        actor=request.auth,  # type: ignore[arg-type]
        report=report,
        title=payload.title,
        deadline=payload.deadline,
        department=department,
        description=payload.description,
        version=payload.version,
    )
    return _out(report)


@router.post(
    "/staff/problems/{report_id}/reject",
    auth=staff_auth,
    response={200: StaffReportOut, **STAFF_ERRORS},
    summary="Reject a report with a public reason",
)
def triage_reject(request: HttpRequest, report_id: DatabaseId, payload: RejectIn):  # type: ignore[no-untyped-def]
    report = _report(request, report_id, permissions.can_triage)
    services.report_reject(actor=request.auth, report=report, reason=payload.reason, version=payload.version)  # type: ignore[arg-type]
    return _out(report)


@router.post(
    "/staff/problems/{report_id}/merge",
    auth=staff_auth,
    response={200: StaffReportOut, **STAFF_ERRORS},
    summary="Mark a report as a duplicate of another",
)
def triage_merge(request: HttpRequest, report_id: DatabaseId, payload: MergeIn):  # type: ignore[no-untyped-def]
    report = _report(request, report_id, permissions.can_triage)
    into = selectors.staff_report(actor=request.auth, pk=payload.into)  # type: ignore[arg-type]
    if into is None:
        raise Http404
    services.report_merge(actor=request.auth, report=report, into=into, version=payload.version)  # type: ignore[arg-type]
    return _out(report)


@router.post(
    "/staff/problems/{report_id}/updates",
    auth=staff_auth,
    response={200: StaffReportOut, **STAFF_ERRORS},
    summary="Add a public update to a report",
)
def triage_update(request: HttpRequest, report_id: DatabaseId, payload: UpdateIn):  # type: ignore[no-untyped-def]
    report = _report(request, report_id, permissions.can_triage)
    services.report_add_update(actor=request.auth, report=report, text=payload.note, version=payload.version)  # type: ignore[arg-type]
    return _out(report)

"""The staff part of the applications API: the inbox and the case work, by a signed-in session or a
bearer token. Reads go through `selectors` with the caller's scope applied; what the caller may do
comes from `permissions`, the same policy as the case page and the services."""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from openakimat.api.auth import staff_auth
from openakimat.common.pagination import PagePagination
from openakimat.common.schemas import ErrorOut

from . import selectors, services
from .models import Status
from .schemas import AssignIn, CaseDetail, CaseOut, ExtendIn, InboxFilters, MoveIn, TransferIn
from .workflow import TRANSITIONS

router = Router(tags=["staff"])


STAFF_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.get(
    "/staff/cases",
    auth=staff_auth,
    response={200: list[CaseOut], 401: ErrorOut},
    summary="Staff inbox: cases by due date",
    tags=["staff"],
)
@paginate(PagePagination)
def list_cases(request: HttpRequest, filters: Query[InboxFilters]):
    """The cases the caller may see, nearest due date first. The resident's details are filled only
    where the caller's role may see them (the front office, observers)."""
    user = request.auth
    single = filters.status if filters.status in Status.values else None
    qs = selectors.inbox(
        user=user,
        status="all" if single else filters.status,
        department=filters.department,
        assigned_to_me=filters.assigned_to_me,
        q=filters.number,
    )
    if single:
        qs = qs.filter(status=single)
    return selectors.with_applicant_where_allowed(qs, user=user)


@router.get(
    "/staff/cases/{number}",
    auth=staff_auth,
    response={200: CaseDetail, 401: ErrorOut, 404: ErrorOut},
    summary="One case with its events and documents",
    tags=["staff"],
)
def get_case(request: HttpRequest, number: str):
    return selectors.case_detail(user=request.auth, case=selectors.case_for(user=request.auth, number=number))


@router.post(
    "/staff/cases/{number}/moves/{move}",
    auth=staff_auth,
    response={200: CaseDetail, **STAFF_ERRORS},
    summary="Make a move of the workflow on a case",
    tags=["staff"],
)
def move_case(request: HttpRequest, number: str, move: str, payload: MoveIn):
    case = selectors.case_for(user=request.auth, number=number)
    case = services.application_move(
        actor=request.auth,
        application=case,
        move=move,
        note=payload.note,
        basis=payload.basis,
        expected_version=payload.version,
        identity=services.IdentityCheck(document=payload.id_document, iin=payload.id_iin, seen=payload.id_seen),
    )
    return selectors.case_detail(user=request.auth, case=case)


move_case.__doc__ = (
    "Moves: "
    + ", ".join(TRANSITIONS)
    + ". `version` is the case's version as read; if the case changed since, the answer is 409. `issue` "
    "needs the identity check: `id_document`, `id_iin` (the applicant's IIN, typed from the document) and "
    "`id_seen`."
)


@router.post(
    "/staff/cases/{number}/assign",
    auth=staff_auth,
    response={200: CaseDetail, **STAFF_ERRORS},
    summary="Give a case to a specialist of its department (heads)",
    tags=["staff"],
)
def assign_case(request: HttpRequest, number: str, payload: AssignIn):
    case = selectors.case_for(user=request.auth, number=number)
    assignee = selectors.active_user(username=payload.assignee)
    case = services.application_assign(
        actor=request.auth, application=case, assignee=assignee, expected_version=payload.version
    )
    return selectors.case_detail(user=request.auth, case=case)


@router.post(
    "/staff/cases/{number}/transfer",
    auth=staff_auth,
    response={200: CaseDetail, **STAFF_ERRORS},
    summary="Send a case to another department that renders the service (heads)",
    tags=["staff"],
)
def transfer_case(request: HttpRequest, number: str, payload: TransferIn):
    case = selectors.case_for(user=request.auth, number=number)
    department = selectors.department(department_id=payload.department)
    case = services.application_transfer(
        actor=request.auth,
        application=case,
        department=department,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return selectors.case_detail(user=request.auth, case=case)


@router.post(
    "/staff/cases/{number}/extend",
    auth=staff_auth,
    response={200: CaseDetail, **STAFF_ERRORS},
    summary="Extend the term of a case to the service's longer term (heads)",
    tags=["staff"],
)
def extend_case(request: HttpRequest, number: str, payload: ExtendIn):
    case = selectors.case_for(user=request.auth, number=number)
    case = services.application_extend(
        actor=request.auth, application=case, reason=payload.reason, expected_version=payload.version
    )
    return selectors.case_detail(user=request.auth, case=case)

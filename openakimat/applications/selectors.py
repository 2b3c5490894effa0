"""Reads on applications for the staff pages: querysets with the caller's scope already applied and
their joins already made. Nothing here returns the resident's contact details unless the caller
asks for a single case, and `permissions.can_see_applicant` decides whether to show them."""

import re
from datetime import datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.accounts.models import GrantState, RoleGrant, User
from openakimat.catalogue.models import ServiceOffering
from openakimat.catalogue.selectors import public_service_list
from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.calendar import ALMATY
from openakimat.common.crypto import EncryptedTextField
from openakimat.common.roles import Role
from openakimat.territory.models import Akimat, Department

from . import permissions
from .models import (
    CLOSED_STATUSES,
    DECIDED_STATUSES,
    OPEN_STATUSES,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    Consultation,
    EventKind,
)

# The inbox filters and the statuses each keeps. "open" and "ready" are both covered by the
# partial index `application_inbox` (department, due_at).
INBOX_FILTERS: dict[str, tuple[str, ...] | None] = {
    "open": tuple(OPEN_STATUSES),
    "ready": tuple(DECIDED_STATUSES),
    "closed": tuple(CLOSED_STATUSES),
    "all": None,
}
_LANGS = ("kk", "ru", "en")
# Only the columns the inbox shows (the service's descriptions and the territory's boundary are
# large and never needed there).
_INBOX_COLUMNS = (
    "number",
    "status",
    "due_at",
    "paused_at",
    "service",
    "department",
    "assignee",
    "service__code",
    *(f"service__name_{lang}" for lang in _LANGS),
    *(f"department__name_{lang}" for lang in _LANGS),
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)
_HEAVY_TERRITORY = ("boundary", "search_text")


WHOLE_NUMBER = re.compile(r"^[A-Z0-9]{1,9}-\d{4}-\d{6,}$")


def _normalised_number(q: str) -> str:
    return "".join((q or "").split()).upper()[:24]


def inbox(
    *,
    user: Actor,
    status: str = "open",
    department: int | None = None,
    assigned_to_me: bool = False,
    q: str = "",
) -> QuerySet[Application]:
    """The cases `user` may see (`permissions.can_view_case`), by due date, then by number of arrival.

    `status` is one of `INBOX_FILTERS` (unknown values read as "open"); `q` matches the number
    exactly or as a part ("000123", "AKZ-2026-0001"). Never loads the resident's details.
    """
    statuses = INBOX_FILTERS.get(status, INBOX_FILTERS["open"])
    qs = Application.objects.filter(permissions.cases_q(user))
    if statuses is not None:
        qs = qs.filter(status__in=statuses)
    if department:
        qs = qs.filter(department_id=department)
    if assigned_to_me:
        qs = qs.filter(assignee_id=getattr(user, "pk", None))
    number = _normalised_number(q)
    if number:
        # A whole number hits the unique index; a fragment scans what the other filters left.
        qs = qs.filter(number=number) if WHOLE_NUMBER.match(number) else qs.filter(number__contains=number)
    return qs.select_related("service", "department", "assignee").only(*_INBOX_COLUMNS).order_by("due_at", "pk")


def inbox_departments(*, user: Actor) -> QuerySet[Department]:
    """The departments whose cases `user` reaches, for the inbox's department filter."""
    if policy.is_root(user):
        return Department.objects.none()  # the whole country: a select would be useless
    return (
        Department.objects.filter(permissions.inbox_departments_q(user), is_active=True)
        .select_related("akimat")
        .only("name_kk", "name_ru", "name_en", "kind", "akimat__name_kk", "akimat__name_ru", "akimat__name_en")
        .order_by("akimat__territory__kato", "kind")
    )


def case_for(*, user: Actor, number: str) -> Application:
    """One case by its number, if `user` may see it; otherwise 404, so that staff can't learn
    whether a number exists outside their scope."""
    try:
        return (
            Application.objects.filter(permissions.cases_q(user))
            .select_related("akimat__territory", "department__akimat__territory", "service", "assignee")
            .defer(
                *(f"akimat__territory__{f}" for f in _HEAVY_TERRITORY),
                *(f"department__akimat__territory__{f}" for f in _HEAVY_TERRITORY),
            )
            .get(number=_normalised_number(number))
        )
    except Application.DoesNotExist:
        raise Http404 from None


def case_events(*, case: Application) -> QuerySet[ApplicationEvent]:
    return ApplicationEvent.objects.filter(application=case).order_by("at", "pk")


# Which role a person most likely acted in, by what they did: the desk registers, adds documents
# and hands over; the department works the case; the head manages it.
_DESK_FIRST = (Role.OPERATOR, Role.HEAD, Role.SPECIALIST, Role.AKIM, Role.OBSERVER, Role.ADMIN)
_DEPARTMENT_FIRST = (Role.SPECIALIST, Role.HEAD, Role.OPERATOR, Role.AKIM, Role.OBSERVER, Role.ADMIN)
_HEAD_FIRST = (Role.HEAD, Role.SPECIALIST, Role.OPERATOR, Role.AKIM, Role.OBSERVER, Role.ADMIN)
_DESK_MOVES = frozenset({"issue", "withdraw"})


def _role_order(event: ApplicationEvent) -> tuple[str, ...]:
    if event.kind in (EventKind.REGISTERED, EventKind.DOCUMENT) or event.data.get("move") in _DESK_MOVES:
        return _DESK_FIRST
    if event.kind in (EventKind.ASSIGNED, EventKind.TRANSFERRED, EventKind.EXTENDED):
        return _HEAD_FIRST
    return _DEPARTMENT_FIRST


def case_history(*, case: Application) -> list[ApplicationEvent]:
    """The case's events, each with `who_name` (the staff member's full name, or the user name if
    the account has none; "Resident" or "System" otherwise) and `who_role` (the role through which
    they reach this case, "" if none now). Two queries, however many people acted."""
    events = list(case_events(case=case).select_related("actor"))
    actor_ids = {e.actor_id for e in events if e.actor_id is not None}
    grants: dict[int, list[tuple[str, str, int | None]]] = {}
    for g in (
        RoleGrant.objects.filter(user_id__in=actor_ids, state=GrantState.ACTIVE)
        .select_related("akimat__territory")
        .only("user_id", "role", "department_id", "akimat__territory__path")
    ):
        grants.setdefault(g.user_id, []).append((g.role, g.akimat.territory.path, g.department_id))
    paths = (case.akimat.territory.path, case.department.akimat.territory.path)
    labels = dict(Role.choices)
    for event in events:
        actor = event.actor
        event.who_role = ""  # type: ignore[attr-defined]
        if actor is None:
            event.who_name = event.who  # type: ignore[attr-defined]
            continue
        event.who_name = actor.get_full_name() or actor.get_username()  # type: ignore[attr-defined]
        reaching = {
            role
            for role, path, department_id in grants.get(actor.pk, ())
            if (
                department_id == case.department_id
                if department_id is not None
                else any(p.startswith(path) for p in paths)
            )
        }
        role = next((r for r in _role_order(event) if r in reaching), None)
        if role is not None:
            event.who_role = labels[role]  # type: ignore[attr-defined]
    return events


def case_documents(*, case: Application) -> QuerySet[ApplicationDocument]:
    return ApplicationDocument.objects.filter(application=case).select_related("required").order_by("uploaded_at", "pk")


def case_document(*, case: Application, document_id: int) -> ApplicationDocument:
    try:
        return ApplicationDocument.objects.get(application=case, pk=document_id)
    except ApplicationDocument.DoesNotExist:
        raise Http404 from None


def assignable_staff(*, case: Application) -> QuerySet[Any]:
    """Specialists and heads of the case's department: who the head may give the case to."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            grants__department_id=case.department_id,
            grants__role__in=[Role.SPECIALIST, Role.HEAD],
            grants__state=GrantState.ACTIVE,  # a request waiting for approval gives no role
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def active_user(*, username: str) -> User | None:
    """The active account with this username, or None (the API names an assignee by username)."""
    return User.objects.filter(username=username, is_active=True).first()


def department(*, department_id: int) -> Department:
    """A department by its id, or a ValidationError naming the field (the API names a transfer's
    destination by id)."""
    found = Department.objects.filter(pk=department_id).first()
    if found is None:
        raise ValidationError({"department": [_("No such department.")]})
    return found


def transfer_departments(*, case: Application) -> QuerySet[Department]:
    """Other active departments that render the case's service."""
    return (
        Department.objects.filter(is_active=True, offerings__service_id=case.service_id)
        .exclude(pk=case.department_id)
        .select_related("akimat")
        .distinct()
        .order_by("akimat__territory__kato", "pk")
    )


def intake_offerings(*, user: Actor, q: str = "") -> QuerySet[ServiceOffering]:
    """What an operator may register at the desk: the services offered by the active departments of
    the akimats where they take applications; with `q`, only the services the register's own search
    finds for it (any of the three languages, forgiving small misspellings)."""
    qs = ServiceOffering.objects.all()
    if q.strip():
        qs = qs.filter(service__in=public_service_list(q=q).values("pk"))
    return (
        qs.filter(
            permissions.desk_akimats_q(user, prefix="department__akimat__"),
            department__is_active=True,
            service__is_active=True,
            service__at_desk=True,
        )
        .select_related("service", "department__akimat")
        .order_by("department__akimat__territory__kato", "department__kind", "department_id", "service__code")
    )


def intake_offering(*, user: Actor, offering_id: str | int) -> ServiceOffering:
    try:
        return intake_offerings(user=user).prefetch_related("service__documents").get(pk=int(offering_id))
    except (ServiceOffering.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def consultation_akimats(*, user: Actor) -> list[Akimat]:
    """The akimats whose front office `user` works at (their own grants, not the subtree)."""
    ids = permissions.desk_akimat_ids(user)
    return list(Akimat.objects.filter(pk__in=ids).select_related("territory").order_by("territory__kato"))


def consultations_today(*, user: Actor, now: datetime | None = None) -> QuerySet[Consultation]:
    local = timezone.localtime(now or timezone.now(), ALMATY)
    start = datetime.combine(local.date(), time.min, tzinfo=ALMATY)
    return (
        Consultation.objects.filter(operator_id=getattr(user, "pk", None), at__gte=start)
        .select_related("service", "department")
        .order_by("-at", "-pk")
    )


_APPLICANT_FIELDS = ("iin", "name", "phone", "email")


def with_applicant_where_allowed(qs: QuerySet[Application], *, user: Actor) -> QuerySet[Application]:
    """Annotate each case with the resident's details where `user` may see them
    (`permissions.can_see_applicant`) and blanks elsewhere, so the database never sends what may
    not be shown."""
    scope = permissions.applicant_q(user)
    values: dict[str, F | Value | Case]
    if scope == Q():
        visible: Any = Value(True)
        values = {f"visible_{f}": F(f"applicant_{f}") for f in _APPLICANT_FIELDS}
    elif scope == policy.NOTHING:
        visible = Value(False)
        values = {f"visible_{f}": Value("") for f in _APPLICANT_FIELDS}
    else:
        visible = Case(When(scope, then=Value(True)), default=Value(False), output_field=BooleanField())
        values = {
            # The model's field as the output, so the value read is decrypted (and "" stays "").
            f"visible_{f}": Case(
                When(scope, then=F(f"applicant_{f}")),
                default=Value(""),
                output_field=EncryptedTextField(),
            )
            for f in _APPLICANT_FIELDS
        }
    return qs.annotate(applicant_visible=visible, visible_language=F("language"), **values)


def case_actions(*, user: Actor, case: Application) -> set[str]:
    """The case actions besides the workflow's moves that `user` may take now
    (`permissions.available_actions`); a transfer only where another department renders the service."""
    actions = permissions.available_actions(user, case)
    if "transfer" in actions and not transfer_departments(case=case).exists():
        actions.discard("transfer")
    return actions


def case_detail(*, user: Actor, case: Application) -> Application:
    """The case with what the staff API's case detail shows attached — events, documents, the moves
    and actions `user` may take, the resident's details if `user` may see them — decided by the
    same policy as the case page."""
    allowed = permissions.can_see_applicant(user, case)
    case.applicant_visible = allowed  # type: ignore[attr-defined]
    for name in _APPLICANT_FIELDS:
        setattr(case, f"visible_{name}", getattr(case, f"applicant_{name}") if allowed else "")
    case.visible_language = case.language  # type: ignore[attr-defined]
    case.move_list = permissions.available_moves(user, case)  # type: ignore[attr-defined]
    case.action_set = case_actions(user=user, case=case)  # type: ignore[attr-defined]
    case.event_list = list(case_events(case=case))  # type: ignore[attr-defined]
    case.document_list = list(case_documents(case=case))  # type: ignore[attr-defined]
    return case

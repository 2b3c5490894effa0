"""Reads on applications for the staff pages: querysets with the caller's scope already applied and
their joins already made. Nothing here returns the resident's contact details unless the caller
asks for a single case, and the page decides (by `Action.VIEW_APPLICANT`) whether to show them."""

import re
from datetime import datetime, time
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from openakimat.accounts.models import Role
from openakimat.accounts.permissions import POLICY, Action, akimat_scope_q, case_scope_q, user_grants
from openakimat.catalogue.models import ServiceOffering
from openakimat.common.calendar import ALMATY
from openakimat.territory.models import Akimat, Department

from .models import (
    CLOSED_STATUSES,
    DECIDED_STATUSES,
    OPEN_STATUSES,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    Consultation,
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
    user: Any,
    status: str = "open",
    department: int | None = None,
    assigned_to_me: bool = False,
    q: str = "",
) -> QuerySet[Application]:
    """The cases `user` may see (`Action.VIEW_CASES`), by due date, then by number of arrival.

    `status` is one of `INBOX_FILTERS` (unknown values read as "open"); `q` matches the number
    exactly or as a part ("000123", "AKZ-2026-0001"). Never loads the resident's details.
    """
    statuses = INBOX_FILTERS.get(status, INBOX_FILTERS["open"])
    qs = Application.objects.filter(case_scope_q(user, Action.VIEW_CASES))
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


def inbox_departments(*, user: Any) -> QuerySet[Department]:
    """The departments whose cases `user` reaches, for the inbox's department filter."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Department.objects.none()  # the whole country: a select would be useless
    roles = POLICY[Action.VIEW_CASES]
    parts: list[Q] = []
    for g in user_grants(user):
        if g.role not in roles:
            continue
        if g.department_id is not None:
            parts.append(Q(pk=g.department_id))
        else:
            parts.append(Q(akimat__territory__path__startswith=g.akimat.territory.path))
    if not parts:
        return Department.objects.none()
    return (
        Department.objects.filter(reduce(or_, parts), is_active=True)
        .select_related("akimat")
        .only("name_kk", "name_ru", "name_en", "kind", "akimat__name_kk", "akimat__name_ru", "akimat__name_en")
        .order_by("akimat__territory__kato", "kind")
    )


def case_for(*, user: Any, number: str) -> Application:
    """One case by its number, if `user` may see it; otherwise 404, so that staff can't learn
    whether a number exists outside their scope."""
    try:
        return (
            Application.objects.filter(case_scope_q(user, Action.VIEW_CASES))
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
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def transfer_departments(*, case: Application) -> QuerySet[Department]:
    """Other active departments that render the case's service."""
    return (
        Department.objects.filter(is_active=True, offerings__service_id=case.service_id)
        .exclude(pk=case.department_id)
        .select_related("akimat")
        .distinct()
        .order_by("akimat__territory__kato", "pk")
    )


def intake_offerings(*, user: Any) -> QuerySet[ServiceOffering]:
    """What an operator may register at the desk: the services offered by the active departments of
    the akimats where they take applications."""
    return (
        ServiceOffering.objects.filter(
            akimat_scope_q(user, Action.REGISTER_APPLICATION, prefix="department__akimat__"),
            department__is_active=True,
            service__is_active=True,
            service__at_desk=True,
        )
        .select_related("service", "department__akimat")
        .order_by("department__akimat__territory__kato", "department__kind", "department_id", "service__code")
    )


def intake_offering(*, user: Any, offering_id: Any) -> ServiceOffering:
    try:
        return intake_offerings(user=user).prefetch_related("service__documents").get(pk=int(offering_id))
    except (ServiceOffering.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def consultation_akimats(*, user: Any) -> list[Akimat]:
    """The akimats whose front office `user` works at (their own grants, not the subtree)."""
    roles = POLICY[Action.LOG_CONSULTATION]
    seen: dict[int, Akimat] = {}
    for g in user_grants(user):
        if g.role in roles:
            seen.setdefault(g.akimat_id, g.akimat)
    return sorted(seen.values(), key=lambda a: a.territory.kato)


def consultations_today(*, user: Any, now: datetime | None = None) -> QuerySet[Consultation]:
    local = timezone.localtime(now or timezone.now(), ALMATY)
    start = datetime.combine(local.date(), time.min, tzinfo=ALMATY)
    return (
        Consultation.objects.filter(operator_id=getattr(user, "pk", None), at__gte=start)
        .select_related("service", "department")
        .order_by("-at", "-pk")
    )

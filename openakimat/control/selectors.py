"""Execution control's reads: the public register (for the whole installation, for an akimat and
the akimats in its territory), one instruction with its timeline, and the staff inbox.

The register's filters resolve to index-friendly conditions: an akimat's subtree and a village's
subtree become `akimat_id IN (…)` and `territory_id IN (…)` subqueries on the small territory
tables, and "overdue" is `status IN (open) AND deadline < today` in Asia/Almaty. A page is read with
`select_related`, one row more than it shows and no COUNT, so it costs the same few queries
whatever the size of the register.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from openakimat.common.actor import Actor
from openakimat.territory.models import Akimat, Department, Territory

from . import permissions, sources
from .models import OPEN_STATUSES, Instruction, InstructionEvent, ReportAttachment, Status

OVERDUE = "overdue"
OPEN = "open"
PUBLIC_STATUSES = (*Status.values, OVERDUE)
PAGE_SIZE = 25
PAGE_SIZE_MAX = 100
MAX_PAGE = 10_000  # a bound on the offset, whatever is typed into the address bar


def overdue_q(today: date | None = None) -> Q:
    """Open and past its deadline: derived, never stored."""
    return Q(status__in=OPEN_STATUSES, deadline__lt=today or timezone.localdate())


def status_q(status: str, today: date | None = None) -> Q:
    if status == OVERDUE:
        return overdue_q(today)
    if status == OPEN:
        return Q(status__in=OPEN_STATUSES)
    if status in Status.values:
        return Q(status=status)
    return Q()


@dataclass(frozen=True)
class RegisterFilters:
    """What the register is narrowed to; every field optional. `akimat` is the register's own
    akimat (its territory's subtree), `territory` a village or okrug (its subtree)."""

    akimat: Akimat | None = None
    status: str = ""
    source: str = ""
    department: Department | None = None
    territory: Territory | None = None


def akimats_under(path: str) -> QuerySet[Akimat]:
    return Akimat.objects.filter(territory__path__startswith=path)


def register_q(filters: RegisterFilters, today: date | None = None) -> Q:
    q = status_q(filters.status, today)
    if filters.akimat is not None:
        q &= Q(akimat_id__in=akimats_under(filters.akimat.territory.path).values("pk"))
    if filters.source:
        q &= Q(source_kind=filters.source)
    if filters.department is not None:
        q &= Q(department_id=filters.department.pk)
    if filters.territory is not None:
        q &= Q(territory_id__in=Territory.objects.filter(path__startswith=filters.territory.path).values("pk"))
    return q


def register(filters: RegisterFilters, today: date | None = None) -> QuerySet[Instruction]:
    """The public register: newest first, or the longest overdue first when only overdue ones are
    asked for. Only public columns are read (never the responsible official)."""
    qs = Instruction.objects.filter(register_q(filters, today)).select_related(
        "akimat__territory", "department", "territory"
    )
    qs = qs.only(
        "number",
        "title",
        "status",
        "deadline",
        "original_deadline",
        "extension_count",
        "source_kind",
        "created_at",
        "completed_at",
        "done_on_time",
        *(f"akimat__{f}" for f in ("name_kk", "name_ru", "name_en", "territory__kato")),
        *(f"department__{f}" for f in ("name_kk", "name_ru", "name_en")),
        *(f"territory__{f}" for f in ("name_kk", "name_ru", "name_en", "kato")),
    )
    if filters.status == OVERDUE:
        return qs.order_by("deadline", "pk")
    return qs.order_by("-pk")


@dataclass
class Page:
    rows: list[Instruction]
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_of(qs: QuerySet[Instruction], number: int | str | None, size: int = PAGE_SIZE) -> Page:
    """One page of `qs`, read as one query: one row more than shown says whether there is a next."""
    try:
        number = min(max(1, int(number or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    size = min(max(1, size), PAGE_SIZE_MAX)
    offset = (number - 1) * size
    rows = list(qs[offset : offset + size + 1])
    return Page(rows=rows[:size], number=number, size=size, has_next=len(rows) > size)


def public_detail(*, number: str) -> Instruction:
    """One instruction with its timeline and the files of its reports (three queries)."""
    events = InstructionEvent.objects.only(
        "instruction_id", "kind", "at", "text", "old_deadline", "new_deadline"
    ).prefetch_related(Prefetch("attachments", queryset=ReportAttachment.objects.order_by("pk")))
    try:
        return (
            Instruction.objects.select_related("akimat__territory", "department", "territory", "source_type")
            .prefetch_related(Prefetch("events", queryset=events))
            .get(number=number)
        )
    except Instruction.DoesNotExist:
        raise Http404 from None


def public_attachment(*, number: str, attachment_id: int) -> ReportAttachment:
    """A file of a progress report of instruction `number`: only report files are ever served."""
    try:
        return ReportAttachment.objects.select_related("event").get(
            pk=attachment_id, event__instruction__number=number, event__kind="report"
        )
    except ReportAttachment.DoesNotExist:
        raise Http404 from None


def source_url(instruction: Instruction) -> str:
    """The public page of the instruction's source, if its app gives one."""
    kind = sources.get(instruction.source_kind)
    if kind is None:
        return ""
    source = instruction.source
    return kind.public_url(source) if source is not None else ""


def source_label(instruction: Instruction) -> str:
    """The name of the instruction's kind of source, in the reader's language."""
    kind = sources.get(instruction.source_kind)
    return str(kind.label) if kind is not None else ""


def source_choices() -> list[tuple[str, str]]:
    return [(k.name, str(k.label)) for k in sources.registered()]


def register_departments(akimat: Akimat | None) -> QuerySet[Department]:
    qs = Department.objects.filter(is_active=True)
    if akimat is not None:
        qs = qs.filter(akimat__territory__path__startswith=akimat.territory.path)
    return qs.select_related("akimat").order_by("akimat__territory__kato", "name_en")


def register_territories(akimat: Akimat | None) -> QuerySet[Territory]:
    """The places the register can be narrowed to: everywhere, the districts, cities and okrugs;
    in an akimat's register, the places in its territory, two levels down."""
    fields = ("kato", "name_kk", "name_ru", "name_en", "path")
    if akimat is None:
        return Territory.objects.filter(level__in=["district", "city", "rural_okrug", "town"]).only(*fields)
    path = akimat.territory.path
    return (
        Territory.objects.filter(path__startswith=path)
        .exclude(pk=akimat.territory_id)
        .exclude(path__regex=rf"^{path}[0-9]+/[0-9]+/[0-9]+/")
        .only(*fields)
    )


def akimat_by_kato(kato: str) -> Akimat:
    try:
        return Akimat.objects.select_related("territory").get(territory__kato=kato)
    except Akimat.DoesNotExist:
        raise Http404 from None


# --- staff ---------------------------------------------------------------------------------------


def inbox(
    *,
    actor: Actor | None,
    status: str = OPEN,
    department: Department | None = None,
    source: str = "",
    mine: bool = False,
    today: date | None = None,
) -> QuerySet[Instruction]:
    """The instructions the actor reaches, overdue first, then by deadline."""
    today = today or timezone.localdate()
    qs = Instruction.objects.filter(permissions.instructions_q(actor)).filter(status_q(status, today))
    if department is not None:
        qs = qs.filter(department_id=department.pk)
    if source:
        qs = qs.filter(source_kind=source)
    if mine:
        qs = qs.filter(responsible_id=getattr(actor, "pk", None))
    overdue_first = Case(When(overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.select_related("akimat", "department", "territory", "responsible").order_by(
        overdue_first, "deadline", "pk"
    )


def inbox_departments(*, actor: Actor | None) -> QuerySet[Department]:
    """The departments whose instructions the actor reaches (for the inbox's filter)."""
    reached = Instruction.objects.filter(permissions.instructions_q(actor)).values("department_id")
    return Department.objects.filter(pk__in=reached).select_related("akimat").order_by("name_en")


def staff_detail(*, actor: Actor | None, number: str) -> Instruction:
    """One instruction the actor may see (404 otherwise: out of scope reads as not found)."""
    events = InstructionEvent.objects.select_related("actor").prefetch_related("attachments")
    try:
        instruction = (
            Instruction.objects.filter(permissions.instructions_q(actor))
            .select_related("akimat__territory", "department__akimat__territory", "territory", "responsible")
            .prefetch_related(Prefetch("events", queryset=events))
            .get(number=number)
        )
    except Instruction.DoesNotExist:
        raise Http404 from None
    return instruction


def assignable_departments(*, instruction: Instruction) -> QuerySet[Department]:
    """Departments an instruction may be given to: of its akimat or one in its territory."""
    return (
        Department.objects.filter(is_active=True, akimat__territory__path__startswith=instruction.akimat.territory.path)
        .select_related("akimat__territory")
        .order_by("akimat__territory__kato", "name_en")
    )


def department_staff(*, department_ids: list[int]) -> QuerySet:
    """The specialists and heads of these departments: who may be made responsible."""
    from openakimat.accounts.models import GrantState, Role, User

    return (
        User.objects.filter(
            is_active=True,
            grants__state=GrantState.ACTIVE,
            grants__role__in=[Role.SPECIALIST, Role.HEAD],
            grants__department_id__in=department_ids,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )

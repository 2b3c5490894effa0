"""The receptions' reads: the public schedule and pages (nothing personal), and the staff's lists,
narrowed by `permissions.receptions_q`."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from openakimat.common.actor import Actor
from openakimat.control.models import Instruction
from openakimat.control.models import Status as InstructionStatus

from . import permissions
from .models import SEATED_STATUSES, RaisedProblem, Reception, SignUp, SignUpStatus, Status, Topic

# The public register of instructions belongs to execution control; its page is linked when it
# exists under one of these names.
INSTRUCTION_URL_NAMES = ("control:instruction", "control:detail", "control:public-detail", "instructions:detail")


def instruction_url(number: str) -> str:
    for name in INSTRUCTION_URL_NAMES:
        try:
            return reverse(name, kwargs={"number": number})
        except NoReverseMatch:
            continue
    return ""


def _with_seats(qs: QuerySet[Reception]) -> QuerySet[Reception]:
    return qs.select_related("akimat__territory", "territory").annotate(
        seats_taken=Count("signups", filter=Q(signups__status__in=SEATED_STATUSES)),
        waiting=Count("signups", filter=Q(signups__status=SignUpStatus.WAITING)),
    )


def public_schedule(
    *, akimat: str | None = None, kind: str | None = None, now: datetime | None = None
) -> QuerySet[Reception]:
    """Upcoming receptions, soonest first; `akimat` is the KATO code of its akimat's territory."""
    qs = Reception.objects.filter(status=Status.SCHEDULED, starts_at__gte=now or timezone.now())
    if akimat:
        qs = qs.filter(akimat__territory__kato=akimat)
    if kind:
        qs = qs.filter(kind=kind)
    return _with_seats(qs).order_by("starts_at", "pk")


def public_held(*, akimat: str | None = None, limit: int = 20) -> list[Reception]:
    """The receptions held most recently, whose results are public."""
    qs = Reception.objects.filter(status=Status.HELD)
    if akimat:
        qs = qs.filter(akimat__territory__kato=akimat)
    return list(qs.select_related("akimat").order_by("-starts_at", "-pk")[:limit])


def public_reception(pk: int) -> Reception:
    found = _with_seats(Reception.objects.filter(pk=pk)).first()
    if found is None:
        raise Http404
    return found


@dataclass
class ProblemRow:
    problem: RaisedProblem
    instructions: list[Instruction]

    @property
    def resolved(self) -> bool:
        statuses = {i.status for i in self.instructions if i.status != InstructionStatus.CANCELLED}
        return bool(statuses) and statuses == {InstructionStatus.DONE}


@dataclass
class TopicGroup:
    topic: str
    label: str
    rows: list[ProblemRow] = field(default_factory=list)


@dataclass
class Results:
    residents_heard: int
    topics: list[TopicGroup]
    problems: int
    resolved: int


def _instructions_of(problems: list[RaisedProblem]) -> dict[int, list[Instruction]]:
    found: dict[int, list[Instruction]] = defaultdict(list)
    if not problems:
        return found
    kind = ContentType.objects.get_for_model(RaisedProblem)
    for instruction in Instruction.objects.filter(
        source_type=kind, source_id__in=[p.pk for p in problems]
    ).select_related("department"):
        instruction.public_url = instruction_url(instruction.number)  # type: ignore[attr-defined]
        found[instruction.source_id].append(instruction)
    return found


def reception_results(reception: Reception) -> Results:
    """What the public page shows of a reception: how many residents were heard and the problems
    by topic, each with its instructions. Nothing personal. Three queries."""
    heard = SignUp.objects.filter(reception=reception, status=SignUpStatus.ATTENDED).count()
    problems = list(reception.problems.select_related("department", "village"))
    instructions = _instructions_of(problems)
    labels = dict(Topic.choices)
    groups: dict[str, TopicGroup] = {}
    for problem in problems:
        group = groups.setdefault(problem.topic, TopicGroup(problem.topic, str(labels.get(problem.topic, ""))))
        group.rows.append(ProblemRow(problem, instructions.get(problem.pk, [])))
    rows = [row for g in groups.values() for row in g.rows]
    ordered = sorted(groups.values(), key=lambda g: (-len(g.rows), g.label))
    return Results(heard, ordered, len(rows), sum(r.resolved for r in rows))


def staff_receptions(*, actor: Actor | None, upcoming: bool = True, now: datetime | None = None) -> QuerySet[Reception]:
    qs = Reception.objects.filter(permissions.receptions_q(actor))
    now = now or timezone.now()
    if upcoming:
        qs = qs.filter(starts_at__gte=now - timedelta(days=1)).order_by("starts_at", "pk")
    else:
        qs = qs.filter(starts_at__lt=now - timedelta(days=1)).order_by("-starts_at", "-pk")
    return _with_seats(qs)


def staff_reception(*, actor: Actor | None, pk: int) -> Reception:
    """A reception the actor may open, or 404 (out of scope reads as not found)."""
    found = _with_seats(Reception.objects.filter(permissions.receptions_q(actor), pk=pk)).first()
    if found is None:
        raise Http404
    return found


def staff_signups(reception: Reception) -> list[SignUp]:
    """The sign-ups with names and phones (decrypted): only for those `permissions.can_view` lets in."""
    return list(
        reception.signups.exclude(status=SignUpStatus.CANCELLED)
        .select_related("village")
        .order_by("slot_at", "confirmed_at", "pk")
    )

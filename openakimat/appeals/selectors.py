"""Appeals' reads: the staff inbox and page (narrowed by `permissions.appeals_q`), the resident's
look-up by number and code, and the public register of published appeals with its figures."""

from dataclasses import dataclass
from statistics import median

from django.db.models import Q, QuerySet
from django.http import Http404

from openakimat.common.actor import Actor
from openakimat.territory.models import Akimat, Department, Territory, TerritoryLevel

from . import permissions, tracking
from .models import OPEN_STATUSES, Appeal, Status

# Never read for the public: not even decrypted in memory.
PRIVATE_FIELDS = ("text", "name", "phone", "email", "answer", "answer_draft")


# --- staff ---------------------------------------------------------------------------------------


def inbox(*, actor: Actor, status: str = "open") -> QuerySet[Appeal]:
    """The appeals the actor reaches, earliest due first; `status` "open", "answered", "all" or one
    status."""
    qs = Appeal.objects.filter(permissions.appeals_q(actor)).select_related("akimat", "department", "territory")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status in Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "pk")


def staff_appeal(*, actor: Actor, number: str) -> Appeal:
    appeal = (
        Appeal.objects.filter(permissions.appeals_q(actor), number=number)
        .select_related("akimat__territory", "department", "territory")
        .prefetch_related("attachments")
        .first()
    )
    if appeal is None:
        raise Http404
    return appeal


def route_departments(appeal: Appeal) -> list[Department]:
    """The active departments an appeal may go to: of its akimat or one in its territory."""
    return list(
        Department.objects.filter(is_active=True, akimat__territory__path__startswith=appeal.akimat.territory.path)
        .select_related("akimat")
        .order_by("akimat__territory__path", "kind", "pk")
    )


# --- the resident --------------------------------------------------------------------------------


def track(number: str, code: str) -> Appeal | None:
    """The appeal with this number and tracking code, or None (the code compared in constant time)."""
    number = tracking.normalise_number(number)
    if not number or len(number) > 32:
        return None
    appeal = Appeal.objects.filter(number=number).select_related("akimat", "department").first()
    if appeal is None or not tracking.code_matches(appeal.tracking_hash, code):
        return None
    return appeal


def writable_akimats() -> list[Akimat]:
    """The akimats that take written appeals, for the resident's form."""
    return list(Akimat.objects.select_related("territory").order_by("territory__path"))


def villages_by_akimat(akimats: list[Akimat]) -> list[tuple[Akimat, list[Territory]]]:
    """For each district, city or okrug akimat, the villages and towns of its territory, so that a
    resident may say where the matter is (one query)."""
    places = list(Territory.objects.filter(level__in=(TerritoryLevel.VILLAGE, TerritoryLevel.TOWN)).order_by("path"))
    groups = []
    for akimat in akimats:
        if akimat.territory.level == TerritoryLevel.REGION:
            continue
        inside = [t for t in places if t.path.startswith(akimat.territory.path) and t.pk != akimat.territory_id]
        if inside:
            groups.append((akimat, inside))
    return groups


# --- the public ----------------------------------------------------------------------------------


def published(*, q: str = "", akimat: str = "", topic: str = "") -> QuerySet[Appeal]:
    """Published appeals, newest first, only their public fields. `q` searches the anonymised question
    and answer (in whichever language they were written), `akimat` is its KATO code."""
    qs = (
        Appeal.objects.filter(published=True)
        .select_related("akimat__territory", "territory")
        .defer(*PRIVATE_FIELDS)
        .order_by("-published_at", "-pk")
    )
    q = " ".join((q or "").split())[:100]
    if q:
        for word in q.split(" ")[:5]:
            qs = qs.filter(Q(public_question__icontains=word) | Q(public_answer__icontains=word))
    if akimat:
        qs = qs.filter(akimat__territory__kato=akimat)
    if topic:
        qs = qs.filter(topic=topic)
    return qs


def published_appeal(*, number: str) -> Appeal:
    appeal = published().filter(number=number).first()
    if appeal is None:
        raise Http404
    return appeal


@dataclass(frozen=True)
class Figures:
    answered: int
    in_term: int
    median_days: float | None

    @property
    def in_term_percent(self) -> int | None:
        return round(100 * self.in_term / self.answered) if self.answered else None


def figures(*, akimat: str = "") -> Figures:
    """Of all answered appeals (published or not: the figures name no one): how many were answered
    within their term, and the median number of working days to the answer. One query."""
    qs = Appeal.objects.filter(status=Status.ANSWERED, working_days_to_answer__isnull=False)
    if akimat:
        qs = qs.filter(akimat__territory__kato=akimat)
    rows = list(qs.values_list("working_days_to_answer", "answered_in_term"))
    days = [d for d, _in_term in rows if d is not None]
    return Figures(
        answered=len(rows),
        in_term=sum(1 for _d, in_term in rows if in_term),
        median_days=float(median(days)) if days else None,
    )

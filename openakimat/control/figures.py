"""The register's figures, per department or per akimat: the share of instructions done by their
deadline (as extended) among those done, how many are overdue now, and the median number of days
from being assigned to being done.

A few queries whatever the size of the register: one GROUP BY for the counts (on PostgreSQL with
the medians, `percentile_cont`), one for the names; SQLite, which has no percentile function, reads
the latest done instructions' dates (a bounded read) and the medians are computed here. The public
page keeps the answer for a few minutes.
"""

from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.core.cache import cache
from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Q
from django.utils import timezone
from django.utils.translation import get_language

from openakimat.territory.models import Akimat, Department

from .models import OPEN_STATUSES, Instruction, Status
from .selectors import akimats_under, overdue_q

# The medians are of the latest done instructions, at most this many (a bound on the read).
MEDIAN_ROWS = 20_000
CACHE_SECONDS = 300
BY_DEPARTMENT, BY_AKIMAT = "department", "akimat"


class _MedianSeconds(Aggregate):
    """PostgreSQL: the median of a duration expression in seconds, among the rows of the filter."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    output_field = FloatField()


_TAKEN = ExpressionWrapper(F("completed_at") - F("created_at"), output_field=DurationField())


@dataclass
class Figures:
    key: int | None
    names: dict[str, str] = field(default_factory=dict)
    total: int = 0
    open: int = 0
    done: int = 0
    done_on_time: int = 0
    overdue: int = 0
    median_days: float | None = None

    @property
    def name(self) -> str:
        language = (get_language() or "kk").split("-")[0]
        return next((self.names[c] for c in (language, "kk", "ru", "en") if self.names.get(c)), "")

    @property
    def on_time_percent(self) -> int | None:
        """Done on time among those done, in whole percent; None when none is done yet."""
        return round(100 * self.done_on_time / self.done) if self.done else None


@dataclass
class Table:
    total: Figures
    rows: list[Figures]
    by: str


def _median(days: list[float]) -> float | None:
    return round(median(days), 1) if days else None


def compute(*, akimat: Akimat | None, by: str = BY_DEPARTMENT, today: date | None = None) -> Table:
    """The figures of the register of `akimat` (its territory's subtree; None: everywhere), one row
    per department or per akimat."""
    today = today or timezone.localdate()
    group = "department_id" if by == BY_DEPARTMENT else "akimat_id"
    qs = Instruction.objects.all()
    if akimat is not None:
        qs = qs.filter(akimat_id__in=akimats_under(akimat.territory.path).values("pk"))
    done = Q(status=Status.DONE)
    in_db = connection.vendor == "postgresql"
    medians = {"median_seconds": _MedianSeconds(_TAKEN, filter=done & Q(completed_at__isnull=False))} if in_db else {}
    counts = (
        qs.order_by()
        .values(group)
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            done=Count("pk", filter=done),
            done_on_time=Count("pk", filter=done & Q(done_on_time=True)),
            overdue=Count("pk", filter=overdue_q(today)),
            **medians,
        )
    )
    rows: dict[int, Figures] = {}
    seconds: dict[int, float | None] = {}
    for row in counts:
        key = row.pop(group)
        seconds[key] = row.pop("median_seconds", None)
        rows[key] = Figures(key=key, **row)
    days: dict[int, list[float]] = {}
    if not in_db:
        latest = qs.filter(done, completed_at__isnull=False).order_by("-completed_at")[:MEDIAN_ROWS]
        for key, created, completed in latest.values_list(group, "created_at", "completed_at"):
            days.setdefault(key, []).append(max((completed - created).total_seconds(), 0) / 86400)
    model = Department if by == BY_DEPARTMENT else Akimat
    for obj in model.objects.filter(pk__in=list(rows)).only("name_kk", "name_ru", "name_en"):
        rows[obj.pk].names = {"kk": obj.name_kk, "ru": obj.name_ru, "en": obj.name_en}
    total = Figures(key=None)
    for figures in rows.values():
        key = figures.key or 0
        if in_db:
            figures.median_days = round(max(seconds[key], 0) / 86400, 1) if seconds[key] is not None else None
        else:
            figures.median_days = _median(days.get(key, []))
        for attr in ("total", "open", "done", "done_on_time", "overdue"):
            setattr(total, attr, getattr(total, attr) + getattr(figures, attr))
    if in_db:
        whole = qs.filter(done, completed_at__isnull=False).aggregate(m=_MedianSeconds(_TAKEN))["m"]
        total.median_days = round(max(whole, 0) / 86400, 1) if whole is not None else None
    else:
        total.median_days = _median([d for values in days.values() for d in values])
    ordered = sorted(rows.values(), key=lambda f: (-f.overdue, f.names.get("en", "")))
    return Table(total=total, rows=ordered, by=by)


def cached(*, akimat: Akimat | None, by: str = BY_DEPARTMENT) -> Table:
    """`compute`, kept for a few minutes: the register's page shows it on every filter."""
    today = timezone.localdate()
    key = f"control:figures:{akimat.pk if akimat else 'all'}:{by}:{today.isoformat()}"
    table: Table | None = cache.get(key)
    if table is None:
        table = compute(akimat=akimat, by=by, today=today)
        cache.set(key, table, CACHE_SECONDS)
    return table

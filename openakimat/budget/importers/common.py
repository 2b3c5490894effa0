"""What both readers produce and how it is loaded: budgets parsed from a file (`ParsedFile`) and,
line by line as the file is read, the checks against the database (territories, classification
codes, the actor's permission) and the write through `BudgetWriter` (`StreamLoad`). The caller
holds the transaction: a file with any problem changes nothing."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openakimat.budget import permissions
from openakimat.budget.models import Budget
from openakimat.budget.services import LineData
from openakimat.budget.services.stream import BudgetWriter
from openakimat.common.actor import Actor
from openakimat.territory.importers.common import ImportFailed
from openakimat.territory.models import Territory

from .limits import Limits
from .numbers import CENT

MAX_ERRORS = 100
# Paid may differ from the sum of its months by this share of the source unit: half a unit is what
# rounding each figure of a file to whole units can add up to. Within it the months win.
PAID_TOLERANCE = "0.5"
# The phases whose amounts may be negative: corrections of the adjusted plan and of what was paid
# (a refund, a reversed payment). An approved or contracted amount can't be.
CORRECTABLE = frozenset({"adjusted", "paid"})

__all__ = [
    "CORRECTABLE",
    "ImportFailed",
    "ImportResult",
    "Overrides",
    "ParsedBudget",
    "ParsedFile",
    "Problems",
    "StreamLoad",
]


class Problems:
    """The errors found so far, each naming its place; stops the reading at MAX_ERRORS."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: Any, message: str) -> None:
        self.messages.append(f"{where}: {message}" if where else message)
        if len(self.messages) >= MAX_ERRORS:
            raise TooManyErrors

    def __bool__(self) -> bool:
        return bool(self.messages)

    def fail(self) -> ImportFailed:
        messages = list(self.messages)
        if len(messages) >= MAX_ERRORS:
            messages.append(_("… stopped after %(count)s errors; fix these and try again.") % {"count": MAX_ERRORS})
        return ImportFailed(messages)


class TooManyErrors(Exception):
    pass


@dataclass(frozen=True)
class Overrides:
    """What the person importing says about a file that doesn't say it, or says it otherwise:
    the territory (KATO) and the year of every line, and the currency of the amounts with its
    rate in tenge (the amounts are converted; the budget's source names both)."""

    territory: str | None = None
    year: int | None = None
    currency: str | None = None
    rate: Decimal | None = None

    @property
    def converts(self) -> bool:
        return self.rate is not None and (self.currency or "KZT") != "KZT"


@dataclass
class ParsedBudget:
    kato: str
    year: int
    version: int
    where: Any  # the first place in the file, for messages (its str())
    unit: int | None = None
    lines: list[LineData] = field(default_factory=list)
    places: list[Any] = field(default_factory=list)  # where each line came from, for messages (str())

    @property
    def label(self) -> str:
        return _("budget %(kato)s %(year)s version %(version)s") % {
            "kato": self.kato,
            "year": self.year,
            "version": self.version,
        }


# Where a line goes as it is read: (its budget, the line, the row it came from).
Sink = Callable[[ParsedBudget, LineData, int], None]


@dataclass
class ParsedFile:
    """The budgets of a file (territory, year, version: a few per territory) and, without a `sink`,
    their lines. With a sink each line goes there as soon as it is read and isn't kept."""

    budgets: dict[tuple[str, int, int], ParsedBudget] = field(default_factory=dict)
    rows: int = 0
    # Where each classification code was first seen, for the message if it is unknown.
    code_places: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # the file's own problems, when collected
    problems: Problems = field(default_factory=Problems)
    sink: Sink | None = None
    limits: Limits | None = None
    # The place of a row number the reader passed on with a line, for messages (str()).
    place_of: Callable[[int], Any] = str
    overrides: Overrides = field(default_factory=Overrides)
    totals: int = 0  # rows left out because their classification says they are totals
    first_total: Any = None  # where the first of them is (its str())

    def skip_total(self, where: Any) -> None:
        self.totals += 1
        if self.first_total is None:
            self.first_total = where

    def warnings(self) -> list[str]:
        if not self.totals:
            return []
        return [
            ngettext(
                "%(count)s total row (first: %(where)s) was left out: the totals are computed from the lines",
                "%(count)s total rows (first: %(where)s) were left out: the totals are computed from the lines",
                self.totals,
            )
            % {"count": self.totals, "where": self.first_total}
        ]

    def count_row(self) -> None:
        self.rows += 1
        if self.limits is not None:
            self.limits.check_rows(self.rows)

    def add_line(self, budget: ParsedBudget, line: LineData, where: Any, row: int) -> None:
        if self.sink is None:
            budget.lines.append(line)
            budget.places.append(where)
        else:
            self.sink(budget, line, row)

    def budget(self, kato: str | None, year: int | None, version: int, where: Any) -> ParsedBudget:
        kato = self.overrides.territory or kato
        year = self.overrides.year or year
        assert kato is not None and year is not None, "the readers report a row without them"
        key = (kato, year, version)
        found = self.budgets.get(key)
        if found is None:
            found = self.budgets[key] = ParsedBudget(kato, year, version, where)
        return found


@dataclass
class ImportResult:
    budgets: int = 0
    lines: int = 0
    payments: int = 0
    rows: int = 0
    seconds: float = 0.0
    read_seconds: float = 0.0  # of which reading the file (and writing its lines, as they are read)
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.payments / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        text = _(
            "%(budgets)s budgets, %(lines)s lines, %(payments)s monthly payments from %(rows)s rows in "
            "%(seconds).2f s (%(read).2f s reading the file; %(rate)s rows/s, %(payment_rate)s payments/s)"
        ) % {
            "budgets": self.budgets,
            "lines": self.lines,
            "payments": self.payments,
            "rows": self.rows,
            "seconds": self.seconds,
            "read": self.read_seconds,
            "rate": f"{self.rows / self.seconds:,.0f}" if self.seconds else "—",
            "payment_rate": f"{self.rate:,.0f}" if self.seconds else "—",
        }
        if self.dry_run:
            text += " " + _("— dry run: checked, nothing was saved.")
        return text


class StreamLoad:
    """The sink of a reader that checks each line against the database and writes it: the budget's
    territory (one query per territory), its code (the classification is held whole), the
    actor's permission, the same line twice and a line under another (asked of the database).
    Every problem goes to the file's `problems`; after the first, nothing is committed."""

    def __init__(self, *, actor: Actor, source_name: str, parsed: ParsedFile) -> None:
        self.actor = actor
        self.parsed = parsed
        self.problems = parsed.problems
        self.writer = BudgetWriter(actor=actor, source_name=source_name)
        self.territories: dict[str, Territory | None] = {}
        self.unknown_codes: set[str] = set()
        self.labels: dict[int, str] = {}  # budget id → its label, for messages
        parsed.sink = self

    def __call__(self, parsed_budget: ParsedBudget, line: LineData, row: int) -> None:
        overrides = self.parsed.overrides
        if overrides.converts:
            line = _converted(line, overrides.rate)  # type: ignore[arg-type]
        territory = self._territory(parsed_budget)
        if not self.writer.knows(line.code):
            if line.code not in self.unknown_codes:
                self.unknown_codes.add(line.code)
                place = self.parsed.code_places.get(line.code) or self.parsed.place_of(row)
                self.problems.add(place, _("unknown classification code %(code)s") % {"code": line.code})
            return
        if territory is None:
            return
        budget = self.writer.budget(
            territory=territory,
            year=parsed_budget.year,
            version=parsed_budget.version,
            source_unit=1 if overrides.converts else parsed_budget.unit or 1,
        )
        self.labels.setdefault(budget.pk, parsed_budget.label)
        self.writer.add(budget, line, row)
        if self.writer.duplicates:
            self._report_duplicates()

    def _territory(self, parsed_budget: ParsedBudget) -> Territory | None:
        kato = parsed_budget.kato
        if kato in self.territories:
            return self.territories[kato]
        territory = self.territories[kato] = Territory.objects.filter(kato=kato).first()
        if territory is None:
            self.problems.add(parsed_budget.where, _("no territory has the KATO code %(kato)s") % {"kato": kato})
        elif not permissions.can_manage_budget(self.actor, territory):
            self.territories[kato] = None
            self.problems.add(
                parsed_budget.where,
                _("you may not load budgets of %(territory)s (%(kato)s)") % {"territory": territory.name, "kato": kato},
            )
        return self.territories[kato]

    def _label(self, budget: Budget) -> str:
        return self.labels[budget.pk]

    def _report_duplicates(self) -> None:
        found, self.writer.duplicates = self.writer.duplicates, []
        for duplicate in found:
            self.problems.add(
                self.parsed.place_of(duplicate.row),
                _("the line %(code)s%(economic)s of %(budget)s is also on row %(first)s")
                % {
                    "code": duplicate.code,
                    "economic": f" / {duplicate.economic_code}" if duplicate.economic_code else "",
                    "budget": self._label(duplicate.budget),
                    "first": duplicate.first_row,
                },
            )

    def finish(self, *, rollback: bool = False) -> None:
        """After the last line: the checks that need every line, then — if the file has no problem
        at all — the current versions, rollups and audit entries (see BudgetWriter.finish for
        `rollback`)."""
        try:
            self.writer.flush()
            self._report_duplicates()
            for nested in self.writer.nested():
                self.problems.add(
                    self.parsed.place_of(nested.row),
                    _(
                        "the code %(code)s is under %(parent)s, which is also a line of %(budget)s (%(where)s); "
                        "give either the total or its parts"
                    )
                    % {
                        "code": nested.code,
                        "parent": nested.parent,
                        "budget": self._label(nested.budget),
                        "where": self.parsed.place_of(nested.parent_row),
                    },
                )
        except TooManyErrors:
            return
        if not self.problems:
            self.writer.finish(rollback=rollback)


def _converted(line: LineData, rate: Decimal) -> LineData:
    """A line of a foreign currency in tenge at `rate`, to the tiyn."""

    def tenge(amount: Decimal) -> Decimal:
        return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)

    return replace(
        line,
        approved=tenge(line.approved),
        adjusted=tenge(line.adjusted),
        contracted=tenge(line.contracted),
        paid=None if line.paid is None else tenge(line.paid),
        monthly={month: tenge(amount) for month, amount in line.monthly.items()},
    )

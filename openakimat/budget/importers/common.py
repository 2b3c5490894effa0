"""What both readers produce and how it is loaded: budgets parsed from a file (`ParsedFile`), the
checks against the database (territories, classification codes, the actor's permission: one
query each), and the load of every budget through `budget_replace` in one transaction."""

import time
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openakimat.budget import permissions
from openakimat.budget.models import Classification
from openakimat.budget.services import BudgetLoad, LineData, budgets_replace
from openakimat.common.actor import Actor
from openakimat.territory.importers.common import ImportFailed
from openakimat.territory.models import Territory

MAX_ERRORS = 100
# Paid may differ from the sum of its months by this share of the source unit: half a unit is what
# rounding each figure of a file to whole units can add up to. Within it the months win.
PAID_TOLERANCE = "0.5"

__all__ = ["ImportFailed", "ImportResult", "ParsedBudget", "ParsedFile", "Problems", "load"]


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


@dataclass
class ParsedFile:
    budgets: dict[tuple[str, int, int], ParsedBudget] = field(default_factory=dict)
    rows: int = 0
    # Where each classification code was first seen, for the message if it is unknown.
    code_places: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # the file's own problems, when collected

    def budget(self, kato: str, year: int, version: int, where: Any) -> ParsedBudget:
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
    read_seconds: float = 0.0  # of which reading and checking the file
    dry_run: bool = False

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


def _check_descendants(budget: ParsedBudget, problems: Problems) -> None:
    """A line and a line below it in the classification would count the same money twice."""
    codes = {line.code: place for line, place in zip(budget.lines, budget.places, strict=True)}
    for code, place in codes.items():
        parent = code
        while "." in parent:
            parent = parent.rsplit(".", 1)[0]
            if parent in codes:
                problems.add(
                    place,
                    _(
                        "the code %(code)s is under %(parent)s, which is also a line of %(budget)s (%(where)s); "
                        "give either the total or its parts"
                    )
                    % {"code": code, "parent": parent, "budget": budget.label, "where": codes[parent]},
                )
                break


def check_against_database(parsed: ParsedFile, actor: Actor, problems: Problems) -> dict[str, Territory]:
    """Territories, classification codes and permission: every problem is added to `problems`."""
    territories = Territory.objects.in_bulk({b.kato for b in parsed.budgets.values()}, field_name="kato")
    known = set(Classification.objects.filter(code__in=list(parsed.code_places)).values_list("code", flat=True))
    try:
        for code, place in parsed.code_places.items():
            if code not in known:
                problems.add(place, _("unknown classification code %(code)s") % {"code": code})
        allowed: dict[str, bool] = {}
        for budget in parsed.budgets.values():
            territory = territories.get(budget.kato)
            if territory is None:
                problems.add(budget.where, _("no territory has the KATO code %(kato)s") % {"kato": budget.kato})
                continue
            if budget.kato not in allowed:
                allowed[budget.kato] = permissions.can_manage_budget(actor, territory)
                if not allowed[budget.kato]:
                    problems.add(
                        budget.where,
                        _("you may not load budgets of %(territory)s (%(kato)s)")
                        % {"territory": territory.name, "kato": budget.kato},
                    )
            _check_descendants(budget, problems)
    except TooManyErrors:
        pass
    return territories


def load(parsed: ParsedFile, *, actor: Actor, source_name: str, dry_run: bool = False, started: float) -> ImportResult:
    """Check `parsed` against the database and load every budget in one transaction, or change
    nothing and raise ImportFailed with every problem."""
    problems = Problems()
    problems.messages = list(parsed.errors)
    if len(problems.messages) >= MAX_ERRORS:
        raise problems.fail()
    if not parsed.budgets and not problems:
        problems.messages.append(_("the file has no budget lines"))
        raise problems.fail()
    territories = check_against_database(parsed, actor, problems)
    if problems:
        raise problems.fail()
    result = ImportResult(budgets=len(parsed.budgets), rows=parsed.rows, dry_run=dry_run)
    result.read_seconds = time.perf_counter() - started
    loads = [
        BudgetLoad(
            territory=territories[b.kato],
            year=b.year,
            version=b.version,
            lines=b.lines,
            source_unit=b.unit or 1,
            source_name=source_name,
        )
        for b in parsed.budgets.values()
    ]
    try:
        with transaction.atomic():
            try:
                budgets_replace(actor=actor, loads=loads)
            except ValidationError as exc:  # its own checks, should the readers have missed one
                raise ImportFailed(exc.messages) from None
            result.lines = sum(len(b.lines) for b in parsed.budgets.values())
            result.payments = sum(len(line.monthly) for b in parsed.budgets.values() for line in b.lines)
            if dry_run:
                transaction.set_rollback(True)
    except PermissionDenied as exc:
        raise ImportFailed([str(exc)]) from None
    result.seconds = time.perf_counter() - started
    return result

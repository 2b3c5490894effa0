"""Writes on budgets: replace a version of a territory's budget of a year in one transaction and
rebuild that budget's rollups. Importers parse and validate files into `LineData`; everything they
load comes through here, checked for permission and audited."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from openakimat.accounts.permissions import Action, require_territory
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Territory

from .models import Budget, BudgetLine, Classification, MonthlyRollup, Payment, Rollup

ZERO = Decimal(0)
CENT = Decimal("0.01")
PHASES = ("approved", "adjusted", "contracted", "paid")


@dataclass
class LineData:
    """One budget line in tenge. `monthly` maps months 1–12 to the amount paid in that month; when
    given, `paid` must be their sum (None: take the sum)."""

    code: str
    economic_code: str = ""
    approved: Decimal = ZERO
    adjusted: Decimal = ZERO
    contracted: Decimal = ZERO
    paid: Decimal | None = None
    monthly: dict[int, Decimal] = field(default_factory=dict)
    source_row: int | None = None  # for messages: the row of the file it came from


def _check_lines(lines: list[LineData]) -> dict[str, Classification]:
    errors: list[str] = []
    codes = {line.code for line in lines}
    known = {c.code: c for c in Classification.objects.filter(code__in=codes)}
    seen: set[tuple[str, str]] = set()
    for line in lines:
        where = _("row %(row)s") % {"row": line.source_row} if line.source_row else line.code
        if line.code not in known:
            errors.append(_("%(where)s: unknown classification code %(code)s.") % {"where": where, "code": line.code})
        key = (line.code, line.economic_code)
        if key in seen:
            errors.append(_("%(where)s: the code %(code)s appears twice.") % {"where": where, "code": line.code})
        seen.add(key)
        amounts = [getattr(line, p) for p in PHASES if getattr(line, p) is not None] + list(line.monthly.values())
        if any(a < 0 for a in amounts):
            errors.append(_("%(where)s: amounts can't be negative.") % {"where": where})
        if any(not 1 <= m <= 12 for m in line.monthly):
            errors.append(_("%(where)s: months are 1 to 12.") % {"where": where})
        if line.paid is not None and line.monthly and sum(line.monthly.values(), ZERO) != line.paid:
            errors.append(
                _("%(where)s: paid (%(paid)s) is not the sum of the monthly payments (%(sum)s).")
                % {"where": where, "paid": line.paid, "sum": sum(line.monthly.values(), ZERO)}
            )
    if errors:
        raise ValidationError(errors)
    return known


@transaction.atomic
def budget_replace(
    *,
    actor: Any,
    territory: Territory,
    year: int,
    version: int,
    lines: list[LineData],
    source_unit: int = 1000,
    source_name: str = "",
    approved_on: date | None = None,
) -> Budget:
    """Load a version of a territory's budget of a year, replacing that version if it was loaded
    before, and rebuild the rollups. The latest version of the year becomes the current one."""
    require_territory(actor, Action.MANAGE_BUDGET, territory)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("The year must be between 2000 and 2100.")})
    known = _check_lines(lines)
    budget, created = Budget.objects.select_for_update().get_or_create(
        territory=territory, year=year, version=version,
        defaults={"source_unit": source_unit, "source_name": source_name[:200], "approved_on": approved_on,
                  "is_current": False},
    )  # fmt: skip
    if not created:
        budget.lines.all().delete()  # payments go with them
        budget.source_unit, budget.source_name, budget.approved_on = source_unit, source_name[:200], approved_on
        budget.save(update_fields=["source_unit", "source_name", "approved_on", "updated_at"])
    _insert_lines(budget, lines, known)
    latest = Budget.objects.filter(territory=territory, year=year).order_by("-version")[0]
    Budget.objects.filter(territory=territory, year=year, is_current=True).exclude(pk=latest.pk).update(
        is_current=False
    )
    if not latest.is_current:
        Budget.objects.filter(pk=latest.pk).update(is_current=True)
    rollups_rebuild(territory, year)
    audit_record(
        actor=actor,
        action="budget.replace",
        obj=budget,
        data={"territory": territory.kato, "year": year, "version": version, "lines": len(lines),
              "replaced": not created, "source": source_name[:200]},
    )  # fmt: skip
    budget.refresh_from_db()
    return budget


def _insert_lines(budget: Budget, lines: list[LineData], known: dict[str, Classification]) -> None:
    rows = []
    for line in lines:
        paid = line.paid if line.paid is not None else sum(line.monthly.values(), ZERO)
        rows.append(
            BudgetLine(
                budget=budget,
                classification=known[line.code],
                economic_code=line.economic_code,
                approved=line.approved.quantize(CENT),
                adjusted=line.adjusted.quantize(CENT),
                contracted=line.contracted.quantize(CENT),
                paid=paid.quantize(CENT),
            )
        )
    created = BudgetLine.objects.bulk_create(rows, batch_size=2000)
    if connection.features.can_return_rows_from_bulk_insert:
        ids = [r.pk for r in created]
    else:  # SQLite before 3.35 returns no ids: read them back in the insertion order
        ids = list(BudgetLine.objects.filter(budget=budget).order_by("pk").values_list("pk", flat=True))
    payments = [
        Payment(line_id=line_id, month=month, amount=amount.quantize(CENT))
        for line_id, line in zip(ids, lines, strict=True)
        for month, amount in sorted(line.monthly.items())
    ]
    Payment.objects.bulk_create(payments, batch_size=5000)


def _prefixes(code: str) -> list[tuple[int, str]]:
    parts = code.split(".")
    return [(level, ".".join(parts[:level])) for level in range(1, len(parts) + 1)]


@transaction.atomic
def rollups_rebuild(territory: Territory, year: int) -> None:
    """Recompute the rollups of a territory's current budget of a year from its lines."""
    Rollup.objects.filter(territory=territory, year=year).delete()
    MonthlyRollup.objects.filter(territory=territory, year=year).delete()
    budget = Budget.objects.filter(territory=territory, year=year, is_current=True).first()
    if budget is None:
        return
    totals: dict[tuple[int, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])
    lines = BudgetLine.objects.filter(budget=budget).values_list(
        "pk", "classification__code", "approved", "adjusted", "contracted", "paid"
    )
    group_of: dict[int, str] = {}
    for pk, code, *amounts in lines:
        group_of[pk] = code[:2]
        for key in [(0, ""), *_prefixes(code)]:
            sums = totals[key]
            for i, amount in enumerate(amounts):
                sums[i] += amount
    Rollup.objects.bulk_create(
        [
            Rollup(
                territory=territory,
                year=year,
                level=level,
                code=code,
                approved=s[0],
                adjusted=s[1],
                contracted=s[2],
                paid=s[3],
            )
            for (level, code), s in totals.items()
        ],
        batch_size=2000,
    )
    months: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for line_id, month, amount in Payment.objects.filter(line__budget=budget).values_list("line_id", "month", "amount"):
        months[("", month)] += amount
        months[(group_of[line_id], month)] += amount
    MonthlyRollup.objects.bulk_create(
        [
            MonthlyRollup(territory=territory, year=year, code=code, month=month, paid=paid)
            for (code, month), paid in months.items()
        ],
        batch_size=2000,
    )


@transaction.atomic
def classification_load(*, actor: Any, rows: list[tuple[str, str, str, str]]) -> int:
    """Add or rename classification codes: rows of (code, name_kk, name_ru, name_en), parents
    before children. The classification is national: superusers and system jobs only."""
    from django.core.exceptions import PermissionDenied

    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a superuser can change the budget classification."))
    from .models import classification_code_validator

    changed = 0
    for code, kk, ru, en in rows:
        classification_code_validator(code)
        level = code.count(".") + 1
        parent = Classification.objects.get(code=code.rsplit(".", 1)[0]) if level > 1 else None
        obj, created = Classification.objects.get_or_create(
            code=code, defaults={"level": level, "parent": parent, "name_kk": kk, "name_ru": ru, "name_en": en}
        )
        if not created and (obj.name_kk, obj.name_ru, obj.name_en) != (kk, ru, en):
            obj.name_kk, obj.name_ru, obj.name_en = kk, ru, en
            obj.save(update_fields=["name_kk", "name_ru", "name_en"])
            changed += 1
        changed += created
    if changed:
        audit_record(actor=actor, action="classification.load", object_type="budget.classification",
                     object_id="", data={"changed": changed})  # fmt: skip
    return changed

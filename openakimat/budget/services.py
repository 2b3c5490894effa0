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
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Territory

from . import permissions
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


def _check_lines(lines: list[LineData], known: dict[str, Classification] | None = None) -> dict[str, Classification]:
    """Every problem of a budget's lines at once (ValidationError); the classification codes by code.
    `known` saves the query when the caller has fetched the codes of many budgets together."""
    errors: list[str] = []
    if known is None:
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
    policy.require(permissions.can_manage_budget(actor, territory), permissions.denied())
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("The year must be between 2000 and 2100.")})
    known = _check_lines(lines)
    budget, created = Budget.objects.select_for_update().get_or_create(
        territory=territory,
        year=year,
        version=version,
        defaults={
            "source_unit": source_unit,
            "source_name": source_name[:200],
            "approved_on": approved_on,
            "is_current": False,
        },
    )
    if not created:
        _delete_lines([budget])
        budget.source_unit, budget.source_name, budget.approved_on = source_unit, source_name[:200], approved_on
        budget.save(update_fields=["source_unit", "source_name", "approved_on", "updated_at"])
    rows = _insert_lines(budget, lines, known)
    latest = Budget.objects.filter(territory=territory, year=year).order_by("-version")[0]
    Budget.objects.filter(territory=territory, year=year, is_current=True).exclude(pk=latest.pk).update(
        is_current=False
    )
    if not latest.is_current:
        Budget.objects.filter(pk=latest.pk).update(is_current=True)
    if latest.pk == budget.pk:
        _rollups_write(territory, year, rows)  # what was just written, without reading it back
    else:
        rollups_rebuild(territory, year)
    audit_record(
        actor=actor,
        action="budget.replace",
        obj=budget,
        data={
            "territory": territory.kato,
            "year": year,
            "version": version,
            "lines": len(lines),
            "replaced": not created,
            "source": source_name[:200],
        },
    )
    budget.refresh_from_db()
    return budget


@dataclass
class BudgetLoad:
    """One budget of a file for `budgets_replace`: the arguments of `budget_replace`."""

    territory: Territory
    year: int
    version: int
    lines: list[LineData]
    source_unit: int = 1000
    source_name: str = ""
    approved_on: date | None = None


@transaction.atomic
def budgets_replace(*, actor: Any, loads: list[BudgetLoad]) -> list[Budget]:
    """`budget_replace` for every budget of a file, in one transaction, with one audit entry.

    On PostgreSQL the budgets are written together: the lines, payments and rollups of all of them
    with one COPY each, instead of some twenty statements per budget. Elsewhere, one by one.
    """
    if connection.vendor != "postgresql" or len(loads) < 2:
        return [
            budget_replace(
                actor=actor,
                territory=load.territory,
                year=load.year,
                version=load.version,
                lines=load.lines,
                source_unit=load.source_unit,
                source_name=load.source_name,
                approved_on=load.approved_on,
            )
            for load in loads
        ]
    territories = {load.territory.pk: load.territory for load in loads}
    for territory in territories.values():
        policy.require(permissions.can_manage_budget(actor, territory), permissions.denied())
    keys = [(load.territory.pk, load.year, load.version) for load in loads]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("The same budget version appears twice."))
    if any(not 2000 <= load.year <= 2100 for load in loads):
        raise ValidationError({"year": _("The year must be between 2000 and 2100.")})
    codes = {line.code for load in loads for line in load.lines}
    known = {c.code: c for c in Classification.objects.filter(code__in=codes)}
    errors: list[str] = []
    for load in loads:
        try:
            _check_lines(load.lines, known)
        except ValidationError as exc:
            errors.extend(f"{load.territory.kato} {load.year} v{load.version}: {m}" for m in exc.messages)
    if errors:
        raise ValidationError(errors)

    existing = {
        (b.territory_id, b.year, b.version): b
        for b in Budget.objects.select_for_update().filter(
            territory_id__in=list(territories), year__in={load.year for load in loads}
        )
    }
    replaced = [existing[key] for key in keys if key in existing]
    if replaced:
        _delete_lines(replaced)
    budgets: list[Budget] = []
    fresh: list[Budget] = []
    for key, load in zip(keys, loads, strict=True):
        budget = existing.get(key)
        if budget is None:
            budget = Budget(territory=load.territory, year=load.year, version=load.version, is_current=False)
            fresh.append(budget)
        budget.source_unit, budget.source_name, budget.approved_on = (
            load.source_unit,
            load.source_name[:200],
            load.approved_on,
        )
        budgets.append(budget)
    Budget.objects.bulk_create(fresh, batch_size=1000)
    if replaced:
        now = timezone.now()
        for budget in replaced:
            budget.updated_at = now  # bulk_update doesn't run auto_now
        Budget.objects.bulk_update(replaced, ["source_unit", "source_name", "approved_on", "updated_at"])
    rows = [_prepare(load.lines, known) for load in loads]
    _copy_many([(budget.pk, r) for budget, r in zip(budgets, rows, strict=True)])

    pairs = sorted({(load.territory.pk, load.year) for load in loads})
    current = _make_latest_current(pairs)
    by_key = {key: (budget, r) for key, budget, r in zip(keys, budgets, rows, strict=True)}
    computed: list[tuple[int, int, _Totals, _Months]] = []
    rebuild: list[tuple[int, int]] = []
    for territory_id, year in pairs:
        found = by_key.get((territory_id, year, current[(territory_id, year)]))
        if found is None:  # an older version was loaded under a newer one: the newer one stays current
            rebuild.append((territory_id, year))
        else:
            computed.append((territory_id, year, *_sums(found[1])))
    _rollups_replace_many(computed)
    for territory_id, year in rebuild:
        rollups_rebuild(territories[territory_id], year)
    audit_record(
        actor=actor,
        action="budget.replace_many",
        object_type="budget.budget",
        data={
            "budgets": [f"{load.territory.kato}/{load.year}/v{load.version}" for load in loads],
            "lines": sum(len(load.lines) for load in loads),
            "replaced": len(replaced),
            "source": loads[0].source_name[:200],
        },
    )
    return budgets


def _make_latest_current(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Mark the latest version of each (territory, year) current and the others not (two
    statements, in this order, so that no moment has two current versions); return the latest
    version of each pair."""
    table = Budget._meta.db_table
    territory_ids, years = [p[0] for p in pairs], [p[1] for p in pairs]
    latest_sql = (
        f"SELECT b.territory_id, b.year, max(b.version) FROM {table} b "  # noqa: S608 — table name only
        "JOIN unnest(%s::bigint[], %s::int[]) AS p(territory_id, year) "
        "ON p.territory_id = b.territory_id AND p.year = b.year GROUP BY b.territory_id, b.year"
    )
    with connection.cursor() as cursor:
        cursor.execute(latest_sql, [territory_ids, years])
        latest = {(t, y): v for t, y, v in cursor.fetchall()}
        versions = [latest[p] for p in pairs]
        cursor.execute(
            f"UPDATE {table} b SET is_current = false FROM unnest(%s::bigint[], %s::int[], %s::int[]) "  # noqa: S608
            "AS p(territory_id, year, version) WHERE b.territory_id = p.territory_id AND b.year = p.year "
            "AND b.version <> p.version AND b.is_current",
            [territory_ids, years, versions],
        )
        cursor.execute(
            f"UPDATE {table} b SET is_current = true FROM unnest(%s::bigint[], %s::int[], %s::int[]) "  # noqa: S608
            "AS p(territory_id, year, version) WHERE b.territory_id = p.territory_id AND b.year = p.year "
            "AND b.version = p.version AND NOT b.is_current",
            [territory_ids, years, versions],
        )
    return latest


def _rollups_replace_many(items: list[tuple[int, int, "_Totals", "_Months"]]) -> None:
    """PostgreSQL: drop and write the rollups of many (territory, year) pairs, one COPY per table."""
    if not items:
        return
    territory_ids, years = [i[0] for i in items], [i[1] for i in items]
    with connection.cursor() as cursor:
        for model in (Rollup, MonthlyRollup):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} r USING unnest(%s::bigint[], %s::int[]) "  # noqa: S608
                "AS p(territory_id, year) WHERE r.territory_id = p.territory_id AND r.year = p.year",
                [territory_ids, years],
            )
        columns = "territory_id, year, level, code, approved, adjusted, contracted, paid"
        with cursor.cursor.copy(f'COPY "{Rollup._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for territory_id, year, totals, _months in items:
                for (level, code), sums in totals.items():
                    copy.write_row((territory_id, year, level, code, *sums))
        columns = "territory_id, year, code, month, paid"
        with cursor.cursor.copy(f'COPY "{MonthlyRollup._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for territory_id, year, _totals, months in items:
                for (code, month), paid in months.items():
                    copy.write_row((territory_id, year, code, month, paid))


# A line as written: (classification, economic code, approved, adjusted, contracted, paid,
# [(month, amount), …]), every amount to the tiyn.
_Row = tuple[Classification, str, Decimal, Decimal, Decimal, Decimal, list[tuple[int, Decimal]]]


def _prepare(lines: list[LineData], known: dict[str, Classification]) -> list[_Row]:
    rows = []
    for line in lines:
        paid = line.paid if line.paid is not None else sum(line.monthly.values(), ZERO)
        rows.append(
            (
                known[line.code],
                line.economic_code,
                line.approved.quantize(CENT),
                line.adjusted.quantize(CENT),
                line.contracted.quantize(CENT),
                paid.quantize(CENT),
                [(month, amount.quantize(CENT)) for month, amount in sorted(line.monthly.items())],
            )
        )
    return rows


def _delete_lines(budgets: list[Budget]) -> None:
    """Remove the budgets' lines and their payments (before they are loaded again)."""
    if connection.vendor != "postgresql":
        BudgetLine.objects.filter(budget__in=budgets).delete()  # payments go with them
        return
    # Two statements instead of the ORM's collecting every line first.
    ids = [budget.pk for budget in budgets]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Payment._meta.db_table} WHERE line_id = ANY(ARRAY("  # noqa: S608 — table names only
            f"SELECT id FROM {BudgetLine._meta.db_table} WHERE budget_id = ANY(%s)))",
            [ids],
        )
        cursor.execute(f"DELETE FROM {BudgetLine._meta.db_table} WHERE budget_id = ANY(%s)", [ids])  # noqa: S608


def _insert_lines(budget: Budget, lines: list[LineData], known: dict[str, Classification]) -> list[_Row]:
    """Write the lines and their payments; return them as written. PostgreSQL: COPY."""
    rows = _prepare(lines, known)
    if connection.vendor == "postgresql":
        _copy_lines(budget, rows)
        return rows
    created = BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                budget=budget,
                classification=row[0],
                economic_code=row[1],
                approved=row[2],
                adjusted=row[3],
                contracted=row[4],
                paid=row[5],
            )
            for row in rows
        ],
        batch_size=2000,
    )
    if connection.features.can_return_rows_from_bulk_insert:
        ids = [r.pk for r in created]
    else:  # SQLite before 3.35 returns no ids: read them back in the insertion order
        ids = list(BudgetLine.objects.filter(budget=budget).order_by("pk").values_list("pk", flat=True))
    payments = [
        Payment(line_id=line_id, month=month, amount=amount)
        for line_id, row in zip(ids, rows, strict=True)
        for month, amount in row[6]
    ]
    Payment.objects.bulk_create(payments, batch_size=5000)
    return rows


COPY_CHUNK = 20_000  # rows per write to the COPY stream


def _copy_lines(budget: Budget, rows: list[_Row]) -> None:
    _copy_many([(budget.pk, rows)])


def _copy_many(batches: list[tuple[int, list[_Row]]]) -> None:
    """PostgreSQL: the lines and their payments of one or many budgets with one COPY each. The
    lines' ids are drawn from their sequence first (one query), so that the payments can name them
    without reading them back."""
    total = sum(len(rows) for _budget, rows in batches)
    if not total:
        return
    line_table, payment_table = BudgetLine._meta.db_table, Payment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [line_table, total]
        )
        ids = iter([found[0] for found in cursor.fetchall()])
        numbered = [(budget_id, next(ids), row) for budget_id, rows in batches for row in rows]
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(
            f'COPY "{line_table}" (id, budget_id, classification_id, economic_code, approved, adjusted, contracted, '
            "paid) FROM STDIN"
        ) as copy:
            for budget_id, line_id, row in numbered:
                copy.write_row((line_id, budget_id, row[0].pk, *row[1:6]))
        with raw.copy(f'COPY "{payment_table}" (line_id, month, amount) FROM STDIN') as copy:
            # Numbers only, nothing to escape: the text format is written directly, in chunks.
            chunk: list[str] = []
            for _budget_id, line_id, row in numbered:
                chunk.extend(f"{line_id}\t{month}\t{amount}\n" for month, amount in row[6])
                if len(chunk) >= COPY_CHUNK:
                    copy.write("".join(chunk))
                    chunk = []
            if chunk:
                copy.write("".join(chunk))


def _rollups_write(territory: Territory, year: int, rows: list[_Row]) -> None:
    """The rollups of the current budget from its lines as just written: the same sums as
    `rollups_rebuild`, without reading the lines and payments back."""
    totals, months = _sums(rows)
    if connection.vendor == "postgresql":  # COPY: the ORM's bulk insert costs more than the sums
        _rollups_replace_many([(territory.pk, year, totals, months)])
        return
    Rollup.objects.filter(territory=territory, year=year).delete()
    MonthlyRollup.objects.filter(territory=territory, year=year).delete()
    _rollups_save(territory, year, totals, months)


_Totals = dict[tuple[int, str], list[Decimal]]
_Months = dict[tuple[str, int], Decimal]


def _sums(rows: list[_Row]) -> tuple[_Totals, _Months]:
    totals: dict[tuple[int, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])
    months: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for classification, _economic, *amounts, payments in rows:
        code = classification.code
        for key in [(0, ""), *_prefixes(code)]:
            sums = totals[key]
            for i, amount in enumerate(amounts):
                sums[i] += amount
        group = code[:2]
        for month, amount in payments:
            months[("", month)] += amount
            months[(group, month)] += amount
    return totals, months


def _rollups_save(
    territory: Territory,
    year: int,
    totals: dict[tuple[int, str], list[Decimal]],
    months: dict[tuple[str, int], Decimal],
) -> None:
    """Write rollups with the ORM (SQLite; PostgreSQL uses `_rollups_replace_many`)."""
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
    MonthlyRollup.objects.bulk_create(
        [
            MonthlyRollup(territory=territory, year=year, code=code, month=month, paid=paid)
            for (code, month), paid in months.items()
        ],
        batch_size=2000,
    )


def _prefixes(code: str) -> list[tuple[int, str]]:
    parts = code.split(".")
    return [(level, ".".join(parts[:level])) for level in range(1, len(parts) + 1)]


# Each level's code is a prefix of its descendants' codes: "07" (2), "07.1" (4), "07.1.451" (8),
# "07.1.451.015" (12), "07.1.451.015.011" (16); level 0, the total, has the empty code.
PREFIX_LENGTHS = ((0, 0), (1, 2), (2, 4), (3, 8), (4, 12), (5, 16))


@transaction.atomic
def rollups_rebuild(territory: Territory, year: int) -> None:
    """Recompute the rollups of a territory's current budget of a year from its lines."""
    Rollup.objects.filter(territory=territory, year=year).delete()
    MonthlyRollup.objects.filter(territory=territory, year=year).delete()
    budget = Budget.objects.filter(territory=territory, year=year, is_current=True).first()
    if budget is None:
        return
    if connection.vendor == "postgresql":
        _rollups_in_sql(budget)
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
    months: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for line_id, month, amount in Payment.objects.filter(line__budget=budget).values_list("line_id", "month", "amount"):
        months[("", month)] += amount
        months[(group_of[line_id], month)] += amount
    _rollups_save(territory, year, totals, months)


def _rollups_in_sql(budget: Budget) -> None:
    """PostgreSQL: the same sums as above, computed where the lines are (two statements). The
    payments are reached through the budget's line ids as an array, which the planner looks up in
    the index on line_id instead of scanning every payment of every budget."""
    levels = ", ".join(f"({level}, {length})" for level, length in PREFIX_LENGTHS)
    params = [budget.territory_id, budget.year, budget.pk]
    # Table names come from the models, values are parameters: nothing of the input is in the SQL text.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Rollup._meta.db_table} (territory_id, year, level, code, approved, adjusted, contracted, paid)
            SELECT %s, %s, lv.level, left(c.code, lv.length),
                   sum(l.approved), sum(l.adjusted), sum(l.contracted), sum(l.paid)
            FROM {BudgetLine._meta.db_table} l
            JOIN {Classification._meta.db_table} c ON c.id = l.classification_id
            JOIN (VALUES {levels}) AS lv(level, length) ON lv.level <= c.level
            WHERE l.budget_id = %s
            GROUP BY lv.level, left(c.code, lv.length)
            """,  # noqa: S608
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO {MonthlyRollup._meta.db_table} (territory_id, year, code, month, paid)
            SELECT %s, %s, g.code, p.month, sum(p.amount)
            FROM {Payment._meta.db_table} p
            JOIN {BudgetLine._meta.db_table} l ON l.id = p.line_id
            JOIN {Classification._meta.db_table} c ON c.id = l.classification_id
            CROSS JOIN LATERAL (VALUES (''), (left(c.code, 2))) AS g(code)
            WHERE l.budget_id = %s
              AND p.line_id = ANY(ARRAY(SELECT id FROM {BudgetLine._meta.db_table} WHERE budget_id = %s))
            GROUP BY g.code, p.month
            """,  # noqa: S608
            [*params, budget.pk],
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
        audit_record(
            actor=actor,
            action="classification.load",
            object_type="budget.classification",
            object_id="",
            data={"changed": changed},
        )
    return changed

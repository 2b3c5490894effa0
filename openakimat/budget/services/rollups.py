"""Rollups: a budget's totals by classification prefix and phase, and its monthly payments — what the
public reads use instead of the lines."""

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F, Sum
from django.db.models.functions import Substr

from openakimat.territory.models import Territory

from ..models import Budget, BudgetLine, Classification, MonthlyRollup, Payment, Rollup
from .lines import ZERO, _Row


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
    # Summed by code and by group in the database: what is held here is one row per code, however
    # many lines and payments the budget has.
    totals: dict[tuple[int, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])
    by_code = (
        BudgetLine.objects.filter(budget=budget)
        .values("classification__code")
        .annotate(Sum("approved"), Sum("adjusted"), Sum("contracted"), Sum("paid"))
        .values_list("classification__code", "approved__sum", "adjusted__sum", "contracted__sum", "paid__sum")
        .order_by()
    )
    for code, *amounts in by_code:
        for key in [(0, ""), *_prefixes(code)]:
            sums = totals[key]
            for i, amount in enumerate(amounts):
                sums[i] += amount
    months: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    by_group = (
        Payment.objects.filter(line__budget=budget)
        .values(group=Substr("line__classification__code", 1, 2), month_of=F("month"))
        .annotate(total=Sum("amount"))
        .values_list("group", "month_of", "total")
        .order_by()
    )
    for group, month, amount in by_group:
        months[("", month)] += amount
        months[(group, month)] += amount
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

"""Budget lines and their monthly payments in and out of the database: checked against the
classification, deleted and written (COPY on PostgreSQL) for a budget or for a file's budgets."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from ..models import Budget, BudgetLine, Classification, Payment

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
        # Adjusted and paid amounts may be negative (corrections); approved and contracted can't.
        if line.approved < 0 or line.contracted < 0:
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

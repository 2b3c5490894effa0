"""Budgets written as a file is read: each budget replaced when its first line arrives, its lines and
payments written in batches, the checks that need every line (a line twice, a line under another)
asked of the database, then the current versions, rollups and audit entries. Memory stays flat
however large the file: what is kept per line is its id and its row (12 bytes).

On PostgreSQL the caller holds the transaction: an import that finds a problem rolls everything
back, and readers go on reading the old budgets meanwhile (MVCC). On SQLite one writer at a time
holds the database, so a file is first written to staging tables of the connection's own temporary
database, which lock nothing (`_Staging`), in batches; the checks are asked of them; and only then,
if the file has no problem, one short transaction swaps the staged lines in (`finish`). A file
with a problem, or a process killed midway, leaves the database as it was."""

import hashlib
from array import array
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Territory
from openakimat.territory.selectors import akimat_of, akimats_of

from .. import permissions
from ..models import Budget, BudgetLine, Classification, Payment
from .lines import CENT, ZERO, LineData, _delete_lines
from .rollups import rollups_rebuild

BATCH_LINES = 2000


class _SeenFilter:
    """The lines written so far, as a Bloom filter of fixed size (2 MiB): `add` says whether a
    line may have been written before. "No" is certain; "maybe" (also, rarely, for a line never
    seen) is settled by the database, so the filter's size doesn't grow with the file."""

    BITS = 1 << 24

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS // 8)

    def add(self, key: tuple[int, int, str]) -> bool:
        digest = hashlib.blake2b(repr(key).encode(), digest_size=12).digest()
        seen = True
        for i in (0, 4, 8):
            position = int.from_bytes(digest[i : i + 4], "little") % self.BITS
            byte, bit = divmod(position, 8)
            if not self.bits[byte] & (1 << bit):
                seen = False
                self.bits[byte] |= 1 << bit
        return seen


@dataclass(frozen=True)
class Duplicate:
    """A line given twice in one budget: its row and the row where it came first."""

    budget: Budget
    code: str
    economic_code: str
    row: int
    first_row: int


@dataclass(frozen=True)
class Nested:
    """A line whose code is under the code of another line of the same budget."""

    budget: Budget
    code: str
    parent: str
    row: int
    parent_row: int


class BudgetWriter:
    """Write the budgets of one file, line by line (see the module's docstring). Use:
    `budget()` for each budget when its first line comes, `add()` for each line, `finish()` once."""

    def __init__(self, *, actor: Actor, source_name: str) -> None:
        self.actor = actor
        self.source_name = source_name[:200]
        # The classification is national and bounded (a few thousand codes): held whole.
        self.code_ids: dict[str, int] = {}
        self.parents: dict[int, int | None] = {}
        self.codes: dict[int, str] = {}
        for pk, code, parent in Classification.objects.values_list("pk", "code", "parent_id"):
            self.code_ids[code], self.parents[pk], self.codes[pk] = pk, parent, code
        self.budgets: dict[tuple[int, int, int], Budget] = {}
        self.replaced: set[int] = set()
        self.territories: dict[int, Territory] = {}
        self._batch: list[tuple[Budget, int, int, LineData]] = []
        self._batch_keys: dict[tuple[int, int, str], int] = {}
        self._seen = _SeenFilter()
        self._ids = array("q")  # every line written, in the order written…
        self._rows = array("l")  # …and the row of the file it came from
        self.lines = 0
        self.payments = 0
        self.duplicates: list[Duplicate] = []
        self.staging = _Staging() if connection.vendor == "sqlite" else None

    def knows(self, code: str) -> bool:
        return code in self.code_ids

    def budget(self, *, territory: Territory, year: int, version: int, source_unit: int) -> Budget:
        """The budget of the file for this territory, year and version: the stored one emptied of
        its lines, or a new one. Checks the actor may manage the territory's budgets."""
        key = (territory.pk, year, version)
        found = self.budgets.get(key)
        if found is not None:
            return found
        if territory.pk not in self.territories:
            policy.require(permissions.can_manage_budget(self.actor, territory), permissions.denied())
            self.territories[territory.pk] = territory
        if self.staging is not None:
            # Staged: nothing is written to the budgets until the swap; a key stands for the budget.
            staged = Budget(territory=territory, year=year, version=version, source_unit=source_unit)
            staged.pk = -(len(self.budgets) + 1)
            self.budgets[key] = staged
            return staged
        budget, created = Budget.objects.select_for_update().get_or_create(
            territory=territory,
            year=year,
            version=version,
            defaults={"source_unit": source_unit, "source_name": self.source_name, "is_current": False},
        )
        if not created:
            _delete_lines([budget])
            budget.source_unit, budget.source_name, budget.approved_on = source_unit, self.source_name, None
            budget.save(update_fields=["source_unit", "source_name", "approved_on", "updated_at"])
            self.replaced.add(budget.pk)
        self.budgets[key] = budget
        return budget

    def add(self, budget: Budget, line: LineData, row: int) -> None:
        """Queue a line (its code known: see `knows`) from `row` of the file; a line the budget
        already has is not written but kept in `duplicates`."""
        code_id = self.code_ids[line.code]
        # Adjusted and paid amounts may be negative (corrections); approved and contracted can't.
        if line.approved < 0 or line.contracted < 0 or any(not 1 <= month <= 12 for month in line.monthly):
            # The readers refuse these with their place; this guards callers that don't.
            raise ValidationError(_("row %(row)s: amounts can't be negative and months are 1 to 12.") % {"row": row})
        key = (budget.pk, code_id, line.economic_code)
        first = self._batch_keys.get(key)
        if first is not None:
            self.duplicates.append(Duplicate(budget, line.code, line.economic_code, row, first))
            return
        self._batch_keys[key] = row
        self._batch.append((budget, code_id, row, line))
        if len(self._batch) >= BATCH_LINES:
            self.flush()

    def flush(self) -> None:
        """Write the queued lines, leaving out those the database already has for the budget."""
        if not self._batch:
            return
        batch, self._batch, self._batch_keys = self._batch, [], {}
        # Only a line the filter may have seen is looked up: a few per batch, one query.
        suspects = [item for item in batch if self._seen.add((item[0].pk, item[1], item[3].economic_code))]
        earlier: dict[tuple[int, int, str], int] = {}
        if suspects and self.staging is not None:
            earlier = self.staging.find([(b.pk, code_id, line.economic_code) for b, code_id, _r, line in suspects])
        elif suspects:
            match = Q()
            for budget, code_id, _row, line in suspects:
                match |= Q(budget_id=budget.pk, classification_id=code_id, economic_code=line.economic_code)
            stored = BudgetLine.objects.filter(match).values_list(
                "pk", "budget_id", "classification_id", "economic_code"
            )
            earlier = {(budget_id, code_id, economic): pk for pk, budget_id, code_id, economic in stored}
        if earlier:
            fresh = []
            for item in batch:
                budget, code_id, row, line = item
                pk = earlier.get((budget.pk, code_id, line.economic_code))
                if pk is None:
                    fresh.append(item)
                else:
                    self.duplicates.append(Duplicate(budget, line.code, line.economic_code, row, self.row_of(pk)))
            batch = fresh
        ids = self.staging.write(batch) if self.staging is not None else _write(batch)
        self._ids.extend(ids)
        self._rows.extend(row for _b, _c, row, _l in batch)
        self.lines += len(batch)
        self.payments += sum(len(line.monthly) for _b, _c, _r, line in batch)

    def row_of(self, line_id: int) -> int:
        return self._rows[self._ids.index(line_id)]

    def nested(self) -> list[Nested]:
        """Lines under another line of the same budget, which would count the same money twice
        (one query per budget; what is held is the budget's distinct codes)."""
        self.flush()
        found: list[Nested] = []
        for budget in self.budgets.values():
            if self.staging is not None:
                present = self.staging.codes(budget.pk)
            else:
                present = set(
                    BudgetLine.objects.filter(budget=budget).values_list("classification_id", flat=True).distinct()
                )
            pairs: list[tuple[int, int]] = []
            for code_id in present:
                parent = self.parents[code_id]
                while parent is not None:
                    if parent in present:
                        pairs.append((code_id, parent))
                        break
                    parent = self.parents[parent]
            for code_id, parent in pairs:
                child_pk, parent_pk = (self._first_line(budget, c) for c in (code_id, parent))
                code, parent_code = self.codes[code_id], self.codes[parent]
                found.append(Nested(budget, code, parent_code, self.row_of(child_pk), self.row_of(parent_pk)))
        found.sort(key=lambda n: n.row)
        return found

    def _first_line(self, budget: Budget, code_id: int) -> int:
        if self.staging is not None:
            return self.staging.first_line(budget.pk, code_id)
        return BudgetLine.objects.filter(budget=budget, classification_id=code_id).order_by("pk")[0].pk

    def finish(self, *, rollback: bool = False) -> list[Budget]:
        """After the last line: the latest version of each territory's year becomes current, the
        rollups are rebuilt from the lines, and the load is audited. Staged (SQLite): all of it in
        one transaction that first swaps the staged lines in — rolled back with `rollback` (a dry
        run; not staged, the caller's transaction is rolled back)."""
        self.flush()
        if self.staging is None:
            return self._finish()
        with transaction.atomic():
            self._swap()
            budgets = self._finish()
            if rollback:
                transaction.set_rollback(True)
        return budgets

    def discard(self) -> None:
        """Drop what was staged (the file had a problem, or it is done)."""
        if self.staging is not None:
            self.staging.drop()

    def _swap(self) -> None:
        """Staged: each budget of the file created, or the stored one emptied of its lines, and the
        staged lines and payments copied in."""
        assert self.staging is not None
        real: dict[int, int] = {}
        for key, staged in list(self.budgets.items()):
            budget, created = Budget.objects.get_or_create(
                territory_id=staged.territory_id,
                year=staged.year,
                version=staged.version,
                defaults={"source_unit": staged.source_unit, "source_name": self.source_name, "is_current": False},
            )
            if not created:
                self.replaced.add(budget.pk)
                budget.source_unit, budget.source_name, budget.approved_on = (
                    staged.source_unit,
                    self.source_name,
                    None,
                )
                budget.save(update_fields=["source_unit", "source_name", "approved_on", "updated_at"])
            real[staged.pk] = budget.pk
            self.budgets[key] = budget
        self.staging.swap(real, replaced=sorted(self.replaced))

    def _finish(self) -> list[Budget]:
        now = timezone.now()
        Budget.objects.filter(pk__in=[b.pk for b in self.budgets.values()]).update(updated_at=now)
        pairs = sorted({(territory_id, year) for territory_id, year, _version in self.budgets})
        for territory_id, year in pairs:
            latest = Budget.objects.filter(territory_id=territory_id, year=year).order_by("-version")[0]
            Budget.objects.filter(territory_id=territory_id, year=year, is_current=True).exclude(pk=latest.pk).update(
                is_current=False
            )
            if not latest.is_current:
                Budget.objects.filter(pk=latest.pk).update(is_current=True)
            rollups_rebuild(self.territories[territory_id], year)
        budgets = list(self.budgets.values())
        self._audit(budgets)
        return budgets

    def _audit(self, budgets: list[Budget]) -> None:
        if len(budgets) == 1:
            budget = budgets[0]
            territory = self.territories[budget.territory_id]
            audit_record(
                actor=self.actor,
                action="budget.replace",
                obj=budget,
                akimat=akimat_of(territory),
                data={
                    "territory": territory.kato,
                    "year": budget.year,
                    "version": budget.version,
                    "lines": self.lines,
                    "replaced": budget.pk in self.replaced,
                    "source": self.source_name,
                },
            )
            return
        # One entry per akimat the file concerns, so that each akimat's akim and observers see what
        # was loaded for their territories.
        akimats = akimats_of(list(self.territories.values()))
        by_akimat: dict[int | None, list[Budget]] = {}
        for budget in budgets:
            akimat = akimats[budget.territory_id]
            by_akimat.setdefault(akimat.pk if akimat else None, []).append(budget)
        counts = dict(
            BudgetLine.objects.filter(budget__in=budgets)
            .values("budget_id")
            .annotate(n=Count("pk"))
            .values_list("budget_id", "n")
        )
        for group in by_akimat.values():
            audit_record(
                actor=self.actor,
                action="budget.replace_many",
                object_type="budget.budget",
                akimat=akimats[group[0].territory_id],
                data={
                    "budgets": [f"{self.territories[b.territory_id].kato}/{b.year}/v{b.version}" for b in group],
                    "lines": sum(counts.get(b.pk, 0) for b in group),
                    "replaced": sum(b.pk in self.replaced for b in group),
                    "source": self.source_name,
                },
            )


class _Staging:
    """SQLite: the lines and payments of a file in tables of the connection's temporary database
    (`temp.`), which take no lock on the database readers and other writers use. Each batch is
    written in its own short statement; `swap` copies everything into the budget tables at once."""

    LINES = "temp.openakimat_import_line"
    PAYMENTS = "temp.openakimat_import_payment"

    def __init__(self) -> None:
        self.next_id = 1
        with connection.cursor() as cursor:
            self.drop(cursor)
            cursor.execute(
                f"CREATE TABLE {self.LINES} (id INTEGER PRIMARY KEY, budget_key INTEGER NOT NULL, "
                "classification_id INTEGER NOT NULL, economic_code TEXT NOT NULL, approved TEXT NOT NULL, "
                "adjusted TEXT NOT NULL, contracted TEXT NOT NULL, paid TEXT NOT NULL)"
            )
            cursor.execute(
                f"CREATE INDEX temp.openakimat_import_line_key ON openakimat_import_line "  # noqa: F541
                "(budget_key, classification_id, economic_code)"
            )
            cursor.execute(
                f"CREATE TABLE {self.PAYMENTS} (line_id INTEGER NOT NULL, month INTEGER NOT NULL, amount TEXT NOT NULL)"
            )

    def drop(self, cursor=None) -> None:
        if cursor is None:
            with connection.cursor() as own:
                self.drop(own)
            return
        cursor.execute(f"DROP TABLE IF EXISTS {self.LINES}")
        cursor.execute(f"DROP TABLE IF EXISTS {self.PAYMENTS}")

    def write(self, batch: list[tuple[Budget, int, int, LineData]]) -> list[int]:
        ids = list(range(self.next_id, self.next_id + len(batch)))
        self.next_id += len(batch)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.LINES} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
                [
                    (line_id, budget.pk, code_id, line.economic_code, *map(str, _amounts(line)))
                    for line_id, (budget, code_id, _row, line) in zip(ids, batch, strict=True)
                ],
            )
            cursor.executemany(
                f"INSERT INTO {self.PAYMENTS} VALUES (%s, %s, %s)",  # noqa: S608
                [
                    (line_id, month, str(amount.quantize(CENT)))
                    for line_id, (_b, _c, _r, line) in zip(ids, batch, strict=True)
                    for month, amount in sorted(line.monthly.items())
                ],
            )
        return ids

    def find(self, keys: list[tuple[int, int, str]]) -> dict[tuple[int, int, str], int]:
        """The staged lines with these (budget key, code, economic code): key → line id."""
        found: dict[tuple[int, int, str], int] = {}
        with connection.cursor() as cursor:
            for key in keys:
                cursor.execute(
                    f"SELECT min(id) FROM {self.LINES} WHERE budget_key = %s AND classification_id = %s "  # noqa: S608
                    "AND economic_code = %s",
                    list(key),
                )
                line_id = cursor.fetchone()[0]
                if line_id is not None:
                    found[key] = line_id
        return found

    def codes(self, budget_key: int) -> set[int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT classification_id FROM {self.LINES} WHERE budget_key = %s", [budget_key])  # noqa: S608
            return {row[0] for row in cursor.fetchall()}

    def first_line(self, budget_key: int, code_id: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT min(id) FROM {self.LINES} WHERE budget_key = %s AND classification_id = %s",  # noqa: S608
                [budget_key, code_id],
            )
            return cursor.fetchone()[0]

    def swap(self, budgets: dict[int, int], *, replaced: list[int]) -> None:
        """In the caller's transaction: the replaced budgets' lines and payments deleted, then the
        staged ones inserted, ids shifted past the table's largest so payments follow their line."""
        line_table, payment_table = BudgetLine._meta.db_table, Payment._meta.db_table
        with connection.cursor() as cursor:
            for start in range(0, len(replaced), 500):
                chunk = replaced[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM {payment_table} WHERE line_id IN "  # noqa: S608 — table names only
                    f"(SELECT id FROM {line_table} WHERE budget_id IN ({marks}))",
                    chunk,
                )
                cursor.execute(f"DELETE FROM {line_table} WHERE budget_id IN ({marks})", chunk)  # noqa: S608
            # Past every id the table ever gave (AUTOINCREMENT's counter), so no deleted line's id is reused.
            cursor.execute(
                f"SELECT max((SELECT coalesce(max(id), 0) FROM {line_table}), "  # noqa: S608
                "coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
                [line_table],
            )
            offset = cursor.fetchone()[0]
            for key, budget_id in budgets.items():
                cursor.execute(
                    f"INSERT INTO {line_table} (id, budget_id, classification_id, economic_code, approved, adjusted, "  # noqa: S608
                    "contracted, paid) SELECT id + %s, %s, classification_id, economic_code, approved, adjusted, "
                    f"contracted, paid FROM {self.LINES} WHERE budget_key = %s ORDER BY id",
                    [offset, budget_id, key],
                )
            cursor.execute(
                f"INSERT INTO {payment_table} (line_id, month, amount) "  # noqa: S608
                f"SELECT line_id + %s, month, amount FROM {self.PAYMENTS} ORDER BY line_id, month",
                [offset],
            )


def _amounts(line: LineData) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    paid = line.paid if line.paid is not None else sum(line.monthly.values(), ZERO)
    return (
        line.approved.quantize(CENT),
        line.adjusted.quantize(CENT),
        line.contracted.quantize(CENT),
        paid.quantize(CENT),
    )


def _write(batch: list[tuple[Budget, int, int, LineData]]) -> list[int]:
    """Insert a batch of lines and their payments; return the lines' ids in the batch's order."""
    if not batch:
        return []
    if connection.vendor == "postgresql":
        return _copy(batch)
    created = BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                budget=budget,
                classification_id=code_id,
                economic_code=line.economic_code,
                approved=approved,
                adjusted=adjusted,
                contracted=contracted,
                paid=paid,
            )
            for budget, code_id, _row, line in batch
            for approved, adjusted, contracted, paid in [_amounts(line)]
        ]
    )
    ids = [line.pk for line in created]
    Payment.objects.bulk_create(
        [
            Payment(line_id=line_id, month=month, amount=amount.quantize(CENT))
            for line_id, (_b, _c, _r, line) in zip(ids, batch, strict=True)
            for month, amount in sorted(line.monthly.items())
        ]
    )
    return ids


def _copy(batch: list[tuple[Budget, int, int, LineData]]) -> list[int]:
    """PostgreSQL: the lines' ids drawn from their sequence (one query), then one COPY for the
    lines and one for the payments."""
    line_table, payment_table = BudgetLine._meta.db_table, Payment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [line_table, len(batch)]
        )
        ids = [found[0] for found in cursor.fetchall()]
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(
            f'COPY "{line_table}" (id, budget_id, classification_id, economic_code, approved, adjusted, contracted, '
            "paid) FROM STDIN"
        ) as copy:
            for line_id, (budget, code_id, _row, line) in zip(ids, batch, strict=True):
                copy.write_row((line_id, budget.pk, code_id, line.economic_code, *_amounts(line)))
        with raw.copy(f'COPY "{payment_table}" (line_id, month, amount) FROM STDIN') as copy:
            # Numbers only, nothing to escape: the text format is written directly.
            copy.write(
                "".join(
                    f"{line_id}\t{month}\t{amount.quantize(CENT)}\n"
                    for line_id, (_b, _c, _r, line) in zip(ids, batch, strict=True)
                    for month, amount in sorted(line.monthly.items())
                )
            )
    return ids

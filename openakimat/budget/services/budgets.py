"""Writes on budgets: replace a version of a territory's budget of a year in one transaction and
rebuild that budget's rollups. Importers parse and validate files into `LineData`; everything they
load comes through here, checked for permission and audited."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Territory
from openakimat.territory.selectors import akimat_of, akimats_of

from .. import permissions
from ..models import Budget, Classification
from .lines import LineData, _check_lines, _copy_many, _delete_lines, _insert_lines, _prepare
from .rollups import _Months, _rollups_replace_many, _rollups_write, _sums, _Totals, rollups_rebuild


@transaction.atomic
def budget_replace(
    *,
    actor: Actor,
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
        akimat=akimat_of(territory),
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
def budgets_replace(*, actor: Actor, loads: list[BudgetLoad]) -> list[Budget]:
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
    # One entry per akimat the file concerns, so that each akimat's akim and observers see what
    # was loaded for their territories.
    akimats = akimats_of(list(territories.values()))
    by_akimat: dict[int | None, list[BudgetLoad]] = {}
    for load in loads:
        akimat = akimats[load.territory.pk]
        by_akimat.setdefault(akimat.pk if akimat else None, []).append(load)
    for group in by_akimat.values():
        audit_record(
            actor=actor,
            action="budget.replace_many",
            object_type="budget.budget",
            akimat=akimats[group[0].territory.pk],
            data={
                "budgets": [f"{load.territory.kato}/{load.year}/v{load.version}" for load in group],
                "lines": sum(len(load.lines) for load in group),
                "replaced": sum((ld.territory.pk, ld.year, ld.version) in existing for ld in group),
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


@transaction.atomic
def classification_load(*, actor: Actor, rows: list[tuple[str, str, str, str]]) -> int:
    """Add or rename classification codes: rows of (code, name_kk, name_ru, name_en), parents
    before children. The classification is national: superusers and system jobs only."""
    from django.core.exceptions import PermissionDenied

    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a superuser can change the budget classification."))
    from ..models import classification_code_validator

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

"""The KATO CSV import: territories created or updated from a CSV file, all or nothing."""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from openakimat.common.actor import SystemActor
from openakimat.common.kato import Kato, KatoError
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Territory, TerritoryLevel
from openakimat.territory.services import territory_save

from .common import QUANTUM, ImportFailed, audit_object_id, decode

NAME_COLUMNS = ("name_kk", "name_ru", "name_en")
REQUIRED_COLUMNS = ("kato", *NAME_COLUMNS)
OPTIONAL_COLUMNS = ("level", "parent", "centre_lat", "centre_lon", "population")
KNOWN_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
LEVEL_BY_DEPTH = {
    0: TerritoryLevel.REGION,
    1: TerritoryLevel.DISTRICT,
    2: TerritoryLevel.RURAL_OKRUG,
    3: TerritoryLevel.VILLAGE,
}
NAME_MAX_LENGTH = 200
POPULATION_MAX = 2_147_483_647  # PositiveIntegerField on PostgreSQL


@dataclass
class KatoRow:
    line: int
    ok: bool
    kato: str
    name_kk: str
    name_ru: str
    name_en: str
    level: str | None = None  # None: not stated in the file
    parent: str | None = None  # None: not stated in the file
    centre: tuple[Decimal, Decimal] | None = None
    population: int | None = None


@dataclass
class KatoImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    paths_recomputed: int = 0  # territories outside the file whose path changed because an ancestor moved

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.paths_recomputed:
            text += f"; paths of {self.paths_recomputed} descendant territories recomputed"
        return text


def sniff_delimiter(header_line: str) -> str:
    """`;` when the header has more semicolons than commas, else `,`. Column names contain neither,
    so the header decides reliably where a sample of Cyrillic names with commas might not."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _parse_coordinate(raw: str, low: int, high: int, what: str) -> Decimal:
    text = raw.replace(" ", "")
    if text.count(",") == 1 and "." not in text:  # a decimal comma, as spreadsheets write in ru/kk locales
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a number") from None
    if not value.is_finite() or not low <= value <= high:
        raise ValueError(f"{raw!r} is not a {what} between {low} and {high}")
    return value.quantize(QUANTUM)


def _parse_population(raw: str) -> int:
    text = raw.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not text.isdigit() or not text.isascii():
        raise ValueError(f"{raw!r} is not a whole number of people")
    value = int(text)
    if value > POPULATION_MAX:
        raise ValueError(f"{raw!r} is too large")
    return value


def parse_kato_csv(data: bytes) -> list[KatoRow]:
    """Read and check a KATO CSV on its own (without the database). Raises ImportFailed with
    every problem found; returns the rows otherwise."""
    rows, errors = _read_kato_csv(data)
    if errors:
        raise ImportFailed([message for _line, message in errors])
    return rows


def _read_kato_csv(data: bytes) -> tuple[list[KatoRow], list[tuple[int, str]]]:
    """The rows of a KATO CSV (those with problems marked not ok, so that their codes still count
    as present) and every problem found in the file itself, each with its line number."""
    text = decode(data)
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        raise ImportFailed(["line 1: the file is empty or its first line is blank; it must start with the header"])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(header_line))
    header_errors: list[str] = []
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise ImportFailed([f"line 1: {exc}"]) from None
    seen_columns: set[str] = set()
    for name in header:
        if name in seen_columns:
            header_errors.append(f"line 1: column {name!r} appears twice")
        seen_columns.add(name)
    unknown = [h for h in header if h not in KNOWN_COLUMNS]
    if unknown:
        header_errors.append(
            f"line 1: unknown column(s) {', '.join(repr(h) for h in unknown)}; the columns are "
            f"{', '.join(KNOWN_COLUMNS)}"
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in seen_columns]
    if missing:
        header_errors.append(f"line 1: missing required column(s) {', '.join(missing)}")
    if header_errors:
        raise ImportFailed(header_errors)
    index = {name: i for i, name in enumerate(header)}
    if ("centre_lat" in index) != ("centre_lon" in index):
        raise ImportFailed(["line 1: centre_lat and centre_lon go together; the file has only one of them"])

    errors: list[tuple[int, str]] = []
    rows: list[KatoRow] = []
    first_line_of: dict[str, int] = {}
    end_of_previous = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append((end_of_previous + 1, f"line {end_of_previous + 1}: {exc}"))
            break
        line, end_of_previous = end_of_previous + 1, reader.line_num
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue  # blank line, or a spreadsheet's row of bare delimiters
        if len(cells) != len(header):
            errors.append((line, f"line {line}: {len(cells)} fields where the header has {len(header)}"))
            continue
        row = _kato_row(line, dict(zip(header, cells, strict=True)), errors)
        if row is None:
            continue
        if row.kato in first_line_of:
            first = first_line_of[row.kato]
            errors.append(
                (line, f"line {line}, column kato: code {row.kato} appears on both line {first} and line {line}")
            )
            continue
        first_line_of[row.kato] = line
        rows.append(row)
    if not rows and not errors:
        errors.append((2, "line 2: the file has a header but no territories"))
    return rows, errors


def _kato_row(line: int, cells: dict[str, str], errors: list[tuple[int, str]]) -> KatoRow | None:
    """The row, marked not ok when it has problems (appended to `errors`); None without a valid code."""
    before = len(errors)

    def problem(column: str, message: str) -> None:
        errors.append((line, f"line {line}, column {column}: {message}"))

    try:
        kato = Kato.parse(cells["kato"]).code
    except KatoError as exc:
        problem("kato", str(exc))
        kato = ""
    names = {}
    for column in NAME_COLUMNS:
        names[column] = cells[column]
        if not cells[column]:
            problem(column, "the name is missing")
        elif len(cells[column]) > NAME_MAX_LENGTH:
            problem(column, f"the name is longer than {NAME_MAX_LENGTH} characters")
    level = cells.get("level") or None
    if level is not None:
        level = level.lower()
        if level not in TerritoryLevel.values:
            problem("level", f"unknown level {cells['level']!r}; the levels are {', '.join(TerritoryLevel.values)}")
    parent = cells.get("parent") or None
    if parent is not None:
        try:
            parent = Kato.parse(parent).code
        except KatoError as exc:
            problem("parent", str(exc))
        else:
            if parent == kato:
                problem("parent", f"{kato} can't be its own parent")
    centre = None
    lat_raw, lon_raw = cells.get("centre_lat", ""), cells.get("centre_lon", "")
    if lat_raw or lon_raw:
        if not (lat_raw and lon_raw):
            problem("centre_lon" if lat_raw else "centre_lat", "give both centre_lat and centre_lon, or neither")
        else:
            lat = lon = None
            try:
                lat = _parse_coordinate(lat_raw, -90, 90, "latitude")
            except ValueError as exc:
                problem("centre_lat", str(exc))
            try:
                lon = _parse_coordinate(lon_raw, -180, 180, "longitude")
            except ValueError as exc:
                problem("centre_lon", str(exc))
            if lat is not None and lon is not None:
                centre = (lat, lon)
    population = None
    if cells.get("population"):
        try:
            population = _parse_population(cells["population"])
        except ValueError as exc:
            problem("population", str(exc))
    if not kato:
        return None
    ok = len(errors) == before
    return KatoRow(line, ok, kato, level=level, parent=parent, centre=centre, population=population, **names)


@dataclass
class _Resolved:
    row: KatoRow
    level: str
    parent: str | None
    depth: int = 0


def _resolve(
    rows: list[KatoRow], db: dict[str, tuple[str | None, str]], errors: list[tuple[int, str]]
) -> list[_Resolved]:
    """Give every valid row its effective level and parent, check them against the file and the
    database (appending problems to `errors`), and order the rows parents first. `db` maps each
    stored code to (parent code, level). Rows with problems of their own still count as present."""
    in_file = {r.kato for r in rows}
    resolved: dict[str, _Resolved] = {}
    for row in rows:
        if not row.ok:
            continue
        stored = db.get(row.kato)
        kato = Kato(row.kato)
        level = row.level or (stored[1] if stored else LEVEL_BY_DEPTH[kato.depth])
        if row.parent is not None:
            parent: str | None = row.parent
        elif level == TerritoryLevel.REGION:
            parent = None
        elif stored is not None and stored[0] is not None:
            parent = stored[0]
        else:
            structural = kato.structural_parent()
            parent = structural.code if structural else None
        stated = "" if row.parent is not None else " (derived from the code)"
        problem = None
        if level == TerritoryLevel.REGION and parent is not None:
            problem = f"column parent: a region has no parent, but {parent} is given"
        elif level != TerritoryLevel.REGION and parent is None:
            problem = (
                f"column parent: a {level} needs a parent and none is given or derivable from {row.kato}; "
                "fill in the parent column"
            )
        elif parent is not None and parent not in in_file and parent not in db:
            problem = f"column parent: unknown parent {parent}{stated}: it is neither in this file nor in the database"
        if problem:
            errors.append((row.line, f"line {row.line}, {problem}"))
        else:
            resolved[row.kato] = _Resolved(row=row, level=level, parent=parent)

    def parent_of(code: str) -> str | None:
        if code in resolved:
            return resolved[code].parent
        return db[code][0] if code in db else None  # a row with problems: treated as a root here

    # Depth in the tree as it will be after the import. A loop (in the file, or through stored
    # territories) would make a territory its own ancestor.
    depth: dict[str, int] = {}
    for code in resolved:
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = code
        while current is not None and current not in depth:
            if current in on_chain:
                loop = chain[chain.index(current) :]
                line = min(resolved[c].row.line for c in loop if c in resolved)
                errors.append(
                    (
                        line,
                        f"line {line}, column parent: the parents form a loop ({' → '.join([*loop, current])}); "
                        "a territory can't be its own ancestor",
                    )
                )
                break
            chain.append(current)
            on_chain.add(current)
            current = parent_of(current)
        else:
            base = -1 if current is None else depth[current]
            for offset, node in enumerate(reversed(chain), start=1):
                depth[node] = base + offset
            continue
        for node in chain:  # the loop is reported once, not again from each of its members
            depth.setdefault(node, -1)
    for code, item in resolved.items():
        item.depth = depth[code]
    return sorted(resolved.values(), key=lambda r: (r.depth, r.row.line))


def _recompute_paths(exclude_ids: set[int]) -> int:
    """Set every territory's path from its parent chain; return how many outside `exclude_ids` changed."""
    nodes = list(Territory.objects.values_list("id", "parent_id", "kato", "path"))
    children: dict[int | None, list[tuple[int, str, str]]] = defaultdict(list)
    for pk, parent_id, kato, path in nodes:
        children[parent_id].append((pk, kato, path))
    stale: list[Territory] = []
    queue: list[tuple[int | None, str]] = [(None, "")]
    while queue:
        parent_id, prefix = queue.pop()
        for pk, kato, path in children.get(parent_id, ()):
            correct = f"{prefix}{kato}/"
            if path != correct:
                stale.append(Territory(pk=pk, path=correct))
            queue.append((pk, correct))
    if stale:
        Territory.objects.bulk_update(stale, ["path"], batch_size=500)
    return sum(1 for t in stale if t.pk not in exclude_ids)


def import_kato_csv(data: bytes, *, source_name: str) -> KatoImportResult:
    """Create or update the territories of a KATO CSV, all or nothing. Raises ImportFailed."""
    rows, errors = _read_kato_csv(data)
    result = KatoImportResult()
    with transaction.atomic():
        stored = Territory.objects.values_list("kato", "parent__kato", "level")
        db = {kato: (parent, level) for kato, parent, level in stored}
        ordered = _resolve(rows, db, errors)
        if errors:
            raise ImportFailed([message for _line, message in sorted(errors, key=lambda e: e[0])])
        needed = {r.row.kato for r in ordered} | {r.parent for r in ordered if r.parent}
        objects = Territory.objects.in_bulk(list(needed), field_name="kato")
        touched_ids: set[int] = set()
        for item in ordered:
            row = item.row
            parent = objects[item.parent] if item.parent else None
            territory = objects.get(row.kato)
            values: dict[str, Any] = {
                "name_kk": row.name_kk,
                "name_ru": row.name_ru,
                "name_en": row.name_en,
                "level": item.level,
            }
            if row.centre is not None:
                values["centre_lat"], values["centre_lon"] = row.centre
            if row.population is not None:
                values["population"] = row.population
            if territory is None:
                territory = Territory(kato=row.kato, parent=parent, **values)
                territory_save(territory)
                objects[row.kato] = territory
                result.created += 1
            elif territory.parent_id != (parent.pk if parent else None) or any(
                getattr(territory, k) != v for k, v in values.items()
            ):
                territory.parent = parent
                for name, value in values.items():
                    setattr(territory, name, value)
                territory_save(territory)
                result.updated += 1
            else:
                result.unchanged += 1
            touched_ids.add(territory.pk)
        if result.changed:
            result.paths_recomputed = _recompute_paths(exclude_ids=touched_ids)
            audit_record(
                actor=SystemActor("import_kato"),
                action="territory.import_kato",
                object_type="territory",
                object_id=audit_object_id(source_name),
                data={"created": result.created, "updated": result.updated},
            )
    return result

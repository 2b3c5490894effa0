"""Imports of territories (a KATO CSV) and their boundaries (a GeoJSON FeatureCollection).

Both work the same way: read the whole file, check every row or feature and collect every
problem with its place in the file (CSV line number, GeoJSON feature index), and only when there
is none, write everything in one transaction with one audit entry. A file with any error changes
nothing. The formats are described in docs/data-formats.md; the management commands
`import_kato` and `import_boundaries` are thin wrappers around `import_kato_csv` and
`import_boundaries_geojson`.
"""

import csv
import io
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from openakimat.accounts.permissions import SystemActor
from openakimat.common.kato import Kato, KatoError
from openakimat.integrity.services import audit_record

from .models import Territory, TerritoryLevel
from .services import territory_save

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
COORDINATE_PLACES = 5
QUANTUM = Decimal(1).scaleb(-COORDINATE_PLACES)  # 0.00001
DEFAULT_CODE_PROPERTIES = ("KATO", "kato")
AUDIT_OBJECT_ID_MAX = 64


class ImportFailed(Exception):
    """The file has problems; `errors` lists every one of them, each naming its place in the file."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def _audit_object_id(source_name: str) -> str:
    return source_name if len(source_name) <= AUDIT_OBJECT_ID_MAX else "…" + source_name[-(AUDIT_OBJECT_ID_MAX - 1) :]


def _decode(data: bytes) -> str:
    """UTF-8 text, with or without a byte-order mark; anything else is an error naming the line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailed(["line 1: the file is UTF-16; save it as UTF-8 (e.g. “CSV UTF-8” in a spreadsheet)"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            [f"line {line}: the file is not valid UTF-8 (byte {exc.start + 1}); save it as UTF-8"]
        ) from None


# --- KATO CSV ---------------------------------------------------------------------------------


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
    text = _decode(data)
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
                object_id=_audit_object_id(source_name),
                data={"created": result.created, "updated": result.updated},
            )
    return result


# --- Boundaries GeoJSON -------------------------------------------------------------------------


@dataclass
class BoundaryFeature:
    index: int
    kato: str
    geometry: dict[str, Any]
    centroid: tuple[Decimal, Decimal] | None = None
    ok: bool = True

    @property
    def label(self) -> str:
        return f"features[{self.index}] (KATO {self.kato})"


@dataclass
class BoundaryImportResult:
    imported: int = 0
    changed: int = 0
    centres_set: int = 0
    skipped: list[BoundaryFeature] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.imported} boundaries imported ({self.changed} changed, {self.imported - self.changed} "
            f"already up to date; {self.centres_set} centres set from centroids)"
        )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_ring(ring: Any, where: str) -> str | None:
    if not isinstance(ring, list):
        return f"{where} is not an array of positions"
    if len(ring) < 4:
        return f"{where} has {len(ring)} positions; a ring needs at least 4"
    for i, position in enumerate(ring):
        if not isinstance(position, list) or len(position) not in (2, 3):
            return f"{where}[{i}] is not a position [longitude, latitude]"
        if not all(_is_number(n) for n in position):
            return f"{where}[{i}] has a value that is not a finite number: {position!r}"
        lon, lat = position[0], position[1]
        if not -180 <= lon <= 180:
            return f"{where}[{i}]: longitude {lon} is outside -180..180"
        if not -90 <= lat <= 90:
            return f"{where}[{i}]: latitude {lat} is outside -90..90 (positions are [longitude, latitude])"
    if ring[0][:2] != ring[-1][:2]:
        return f"{where} is not closed: its first position {ring[0]!r} differs from its last {ring[-1]!r}"
    return None


def _check_polygon(rings: Any, where: str) -> str | None:
    if not isinstance(rings, list) or not rings:
        return f"{where} is not a non-empty array of rings"
    for i, ring in enumerate(rings):
        problem = _check_ring(ring, f"{where}[{i}]")
        if problem:
            return problem
    return None


def check_geometry(geometry: Any) -> str | None:
    """The first problem of a Polygon or MultiPolygon geometry, or None when it is valid."""
    if not isinstance(geometry, dict):
        return "the geometry is missing" if geometry is None else "the geometry is not an object"
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        return _check_polygon(coordinates, "coordinates")
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            return "coordinates is not a non-empty array of polygons"
        for i, polygon in enumerate(coordinates):
            problem = _check_polygon(polygon, f"coordinates[{i}]")
            if problem:
                return problem
        return None
    return f"the geometry is {kind!r}; only Polygon and MultiPolygon are accepted"


def round_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """The geometry with positions cut to [longitude, latitude] at 5 decimals (about a metre)."""

    def ring(positions: list[list[float]]) -> list[list[float]]:
        return [[round(float(p[0]), COORDINATE_PLACES), round(float(p[1]), COORDINATE_PLACES)] for p in positions]

    def polygon(rings: list[Any]) -> list[Any]:
        return [ring(r) for r in rings]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geometry["coordinates"])}
    return {"type": "MultiPolygon", "coordinates": [polygon(p) for p in geometry["coordinates"]]}


def _centroid(raw: dict[str, Any]) -> tuple[tuple[Decimal, Decimal] | None, str | None]:
    """The centroid from `centroid_lat` / `centroid_lon`, if the properties have them, or a problem."""
    lat_raw, lon_raw = raw.get("centroid_lat"), raw.get("centroid_lon")
    if lat_raw is None and lon_raw is None:
        return None, None
    if lat_raw is None or lon_raw is None:
        return None, "give both centroid_lat and centroid_lon, or neither"
    values = []
    for name, value_raw, low, high in (("centroid_lat", lat_raw, -90, 90), ("centroid_lon", lon_raw, -180, 180)):
        value = None
        if _is_number(value_raw) or isinstance(value_raw, str):
            try:
                value = Decimal(str(value_raw).strip())
            except InvalidOperation:
                value = None
        if value is None or not value.is_finite() or not low <= value <= high:
            return None, f"{name} {value_raw!r} is not a number between {low} and {high}"
        values.append(value.quantize(QUANTUM))
    return (values[0], values[1]), None


def parse_boundaries_geojson(data: bytes, *, property_name: str | None = None) -> list[BoundaryFeature]:
    """Read and check a boundary FeatureCollection on its own (without the database)."""
    features, errors = _read_boundaries_geojson(data, property_name=property_name)
    if errors:
        raise ImportFailed([message for _index, message in errors])
    return features


def _read_boundaries_geojson(
    data: bytes, *, property_name: str | None
) -> tuple[list[BoundaryFeature], list[tuple[int, str]]]:
    """The features with a valid, unique code (`ok` false when something else about them is wrong)
    and every problem found in the file itself, each with its feature index."""
    text = _decode(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed([f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        found = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise ImportFailed([f"the file is not a GeoJSON FeatureCollection (its type is {found!r})"])
    raw_features = document.get("features")
    if not isinstance(raw_features, list):
        raise ImportFailed(["the FeatureCollection has no “features” array"])
    if not raw_features:
        raise ImportFailed(["the FeatureCollection has no features"])
    code_properties = (property_name,) if property_name else DEFAULT_CODE_PROPERTIES
    noun = "property" if len(code_properties) == 1 else "properties"
    looked_for = f"the {noun} " + " and ".join(repr(p) for p in code_properties)
    errors: list[tuple[int, str]] = []
    features: list[BoundaryFeature] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(raw_features):
        where = f"features[{index}]"
        if not isinstance(raw, dict) or raw.get("type") != "Feature":
            errors.append((index, f"{where}: not a GeoJSON Feature"))
            continue
        properties = raw.get("properties")
        if not isinstance(properties, dict):
            properties = {}
        raw_code = next((properties[p] for p in code_properties if properties.get(p) not in (None, "")), None)
        kato = None
        if raw_code is None:
            errors.append((index, f"{where}: no KATO code (looked for {looked_for})"))
        elif isinstance(raw_code, bool) or not isinstance(raw_code, str | int):
            errors.append((index, f"{where}: the KATO code {raw_code!r} is not a string of 9 digits"))
        else:
            try:
                kato = Kato.parse(raw_code).code
            except KatoError as exc:
                errors.append((index, f"{where}: bad KATO code: {exc}"))
        duplicate = False
        if kato:
            where = f"{where} (KATO {kato})"
            if kato in first_index:
                errors.append((index, f"{where}: duplicate code, also in features[{first_index[kato]}]"))
                duplicate = True
            else:
                first_index[kato] = index
        before = len(errors)
        problem = check_geometry(raw.get("geometry"))
        if problem:
            errors.append((index, f"{where}: bad geometry: {problem}"))
        centroid, centroid_problem = _centroid(properties)
        if centroid_problem:
            errors.append((index, f"{where}: {centroid_problem}"))
        if kato and not duplicate:
            ok = len(errors) == before
            geometry = round_geometry(raw["geometry"]) if ok else {}
            features.append(BoundaryFeature(index, kato, geometry, centroid, ok=ok))
    return features, errors


def import_boundaries_geojson(
    data: bytes, *, source_name: str, property_name: str | None = None, skip_unknown: bool = False
) -> BoundaryImportResult:
    """Set the boundaries (and missing centres) of known territories from a FeatureCollection, all
    or nothing. Features with unknown codes are an error unless `skip_unknown`. Raises ImportFailed."""
    features, errors = _read_boundaries_geojson(data, property_name=property_name)
    result = BoundaryImportResult()
    with transaction.atomic():
        territories = Territory.objects.in_bulk([f.kato for f in features], field_name="kato")
        result.skipped = [f for f in features if f.kato not in territories]
        if not skip_unknown:
            errors += [
                (f.index, f"{f.label}: no territory has this code (import it with import_kato first, or use "
                 "--skip-unknown)")
                for f in result.skipped
            ]  # fmt: skip
        if errors:
            raise ImportFailed([message for _index, message in sorted(errors, key=lambda e: e[0])])
        for feature in features:
            territory = territories.get(feature.kato)
            if territory is None:
                continue
            result.imported += 1
            fields = []
            if territory.boundary != feature.geometry:
                territory.boundary = feature.geometry
                fields.append("boundary")
            if feature.centroid and territory.centre_lat is None and territory.centre_lon is None:
                territory.centre_lat, territory.centre_lon = feature.centroid
                territory.centre_approximate = True  # a polygon's centroid, not the seat of its akimat
                fields += ["centre_lat", "centre_lon", "centre_approximate"]
                result.centres_set += 1
            if fields:
                territory.save(update_fields=[*fields, "updated_at"])
                result.changed += 1
        if result.changed:
            audit_record(
                actor=SystemActor("import_boundaries"),
                action="territory.import_boundaries",
                object_type="territory",
                object_id=_audit_object_id(source_name),
                data={
                    "imported": result.imported,
                    "changed": result.changed,
                    "centres_set": result.centres_set,
                    "skipped_unknown": [f.kato for f in result.skipped],
                },
            )
    return result

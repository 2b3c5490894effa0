"""The boundaries import: district polygons (and missing centres) from a GeoJSON FeatureCollection,
all or nothing."""

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from openakimat.common.actor import SystemActor
from openakimat.common.kato import Kato, KatoError
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Territory

from .common import COORDINATE_PLACES, QUANTUM, ImportFailed, audit_object_id, decode

DEFAULT_CODE_PROPERTIES = ("KATO", "kato")


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
    text = decode(data)
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
                (
                    f.index,
                    f"{f.label}: no territory has this code (import it with import_kato first, or use --skip-unknown)",
                )
                for f in result.skipped
            ]
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
                object_id=audit_object_id(source_name),
                data={
                    "imported": result.imported,
                    "changed": result.changed,
                    "centres_set": result.centres_set,
                    "skipped_unknown": [f.kato for f in result.skipped],
                },
            )
    return result

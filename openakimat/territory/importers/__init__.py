"""Imports of territories (a KATO CSV) and their boundaries (a GeoJSON FeatureCollection).

Both work the same way: read the whole file, check every row or feature and collect every
problem with its place in the file (CSV line number, GeoJSON feature index), and only when there
is none, write everything in one transaction with one audit entry. A file with any error changes
nothing. The formats are described in docs/data-formats.md; the management commands
`import_kato` and `import_boundaries` are thin wrappers around `import_kato_csv` and
`import_boundaries_geojson`.

A package: `kato` (the CSV), `boundaries` (the GeoJSON) and `common` (what both share).
"""

from .boundaries import (
    BoundaryFeature,
    BoundaryImportResult,
    check_geometry,
    import_boundaries_geojson,
    parse_boundaries_geojson,
    round_geometry,
)
from .common import ImportFailed
from .kato import KatoImportResult, KatoRow, import_kato_csv, parse_kato_csv, sniff_delimiter

__all__ = [
    "BoundaryFeature",
    "BoundaryImportResult",
    "ImportFailed",
    "KatoImportResult",
    "KatoRow",
    "check_geometry",
    "import_boundaries_geojson",
    "import_kato_csv",
    "parse_boundaries_geojson",
    "parse_kato_csv",
    "round_geometry",
    "sniff_delimiter",
]

"""Compressed page weight of the service-akimat rollout page.

Renders /{lang}/regions/590000000/service-akimats/ through Django's test client against a throw-away
SQLite database holding the demo data, then adds up what a browser downloads for it: the HTML, the
stylesheets and scripts it links, and the GeoJSON the map script fetches. Each part is compressed the
way whitenoise compresses static files (gzip level 9; brotli at its default quality 11 when the
`brotli` module is installed). Totals are given without the map library (Leaflet's CSS and JS) and
with it.

Two variants: points (the demo with its district boundaries removed: the map shows a point per
district) and district polygons (after importing the 14 district boundaries of North Kazakhstan that
the demo ships with, openakimat/demo/data/sko_adm2_2024.geojson, through `import_boundaries`: the
map then fetches the polygons; this is the demo as `load_demo` leaves it).

Run with `make bench-weight`, or `.venv/bin/python benchmarks/page_weight.py`. It never touches the
project database: DATABASE_URL is replaced by a temporary SQLite file.
"""

import gzip
import os
import platform
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOUNDARIES = ROOT / "openakimat" / "demo" / "data" / "sko_adm2_2024.geojson"
PAGE = "/{lang}/regions/590000000/service-akimats/"
LANGUAGES = ["kk", "ru", "en"]
TARGET_WITHOUT_MAP_LIBRARY = 100 * 1024
TARGET_WITH_MAP_LIBRARY = 250 * 1024
LEAFLET_PREFIX = "vendor/leaflet/"

try:
    import brotli
except ImportError:  # optional: the table then shows gzip only
    brotli = None


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def brotli_size(data: bytes) -> int | None:
    return len(brotli.compress(data)) if brotli else None


@dataclass
class Part:
    name: str
    raw: int
    gzip: int
    brotli: int | None
    map_library: bool = False

    @classmethod
    def of(cls, name: str, data: bytes, *, map_library: bool = False) -> "Part":
        return cls(name, len(data), gzip_size(data), brotli_size(data), map_library)


@dataclass
class Measurement:
    variant: str
    lang: str
    parts: list[Part] = field(default_factory=list)

    def total(self, attr: str, *, with_map_library: bool) -> int | None:
        values = [getattr(p, attr) for p in self.parts if with_map_library or not p.map_library]
        return None if None in values else sum(values)


def setup_django(database: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host through ALLOWED_HOSTS


def command(name: str, *args, **options) -> str:
    from django.core.management import call_command

    out = StringIO()
    call_command(name, *args, stdout=out, stderr=out, **options)
    return out.getvalue().strip()


def load_demo() -> None:
    """The demo, loaded as on a development machine: `load_demo` refuses to run with DEBUG off."""
    from django.test import override_settings

    with override_settings(DEBUG=True):
        command("load_demo")


def static_bytes(url: str) -> bytes:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    prefix = "/" + settings.STATIC_URL.lstrip("/")
    assert url.startswith(prefix), f"not a static file: {url}"
    path = finders.find(url[len(prefix) :].split("?")[0])
    assert path, f"static file not found: {url}"
    return Path(path).read_bytes()


def measure(variant: str, lang: str) -> Measurement:
    from django.test import Client

    client = Client()
    url = PAGE.format(lang=lang)
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    html = response.content
    text = html.decode()
    result = Measurement(variant, lang, [Part.of("HTML", html)])

    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    scripts = re.findall(r'<script src="([^"]+)"', text)
    for href in stylesheets + scripts:
        name = href.rsplit("/", 1)[-1]
        result.parts.append(Part.of(name, static_bytes(href), map_library=LEAFLET_PREFIX in href))

    data_src = re.search(r'id="rollout-map"[^>]*data-src="([^"]+)"', text, re.S)
    assert data_src, "the page names no map data"
    geojson = client.get(data_src.group(1), HTTP_ACCEPT="application/json")
    assert geojson.status_code == 200, f"{data_src.group(1)}: {geojson.status_code}"
    result.parts.append(Part.of("GeoJSON (map data)", geojson.content))
    return result


def kb(value: int | None) -> str:
    return "—" if value is None else f"{value / 1024:.1f}"


def print_parts(m: Measurement) -> None:
    print(f"\n{m.variant}, /{m.lang}/ — per file (KB, 1 KB = 1024 bytes)")
    print(f"| {'file':<27} | {'raw':>7} | {'gzip -9':>7} | {'brotli':>7} |")
    print(f"|{'-' * 29}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    for p in m.parts:
        name = p.name + (" (map library)" if p.map_library else "")
        print(f"| {name:<27} | {kb(p.raw):>7} | {kb(p.gzip):>7} | {kb(p.brotli):>7} |")


def print_totals(measurements: list[Measurement]) -> None:
    print("\nTotals (KB, 1 KB = 1024 bytes); targets: < 100 KB without the map library, < 250 KB with it")
    header = ["variant", "lang", "without map library: raw", "gzip", "brotli"]
    header += ["with map library: raw", "gzip", "brotli", "targets (gzip)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for m in measurements:
        without = m.total("gzip", with_map_library=False)
        with_lib = m.total("gzip", with_map_library=True)
        ok = without < TARGET_WITHOUT_MAP_LIBRARY and with_lib < TARGET_WITH_MAP_LIBRARY
        row = [
            m.variant,
            m.lang,
            kb(m.total("raw", with_map_library=False)),
            kb(without),
            kb(m.total("brotli", with_map_library=False)),
            kb(m.total("raw", with_map_library=True)),
            kb(with_lib),
            kb(m.total("brotli", with_map_library=True)),
            "met" if ok else "MISSED",
        ]
        print("| " + " | ".join(row) + " |")


def boundaries_unavailable() -> str | None:
    from django.core.management import get_commands

    if not BOUNDARIES.exists():
        return f"{BOUNDARIES} does not exist"
    if "import_boundaries" not in get_commands():
        return "there is no import_boundaries command yet"
    return None


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="page-weight-") as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        import django

        command("migrate", verbosity=0)
        load_demo()
        print("Rollout page weight")
        print(
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.platform()}; {os.cpu_count()} cores; "
            f"Python {platform.python_version()}; Django {django.get_version()}; "
            f"brotli {'present' if brotli else 'absent (pip install brotli)'}"
        )

        from openakimat.territory.models import Territory

        Territory.objects.update(boundary=None)  # load_demo imports the polygons; measure without first
        measurements = [measure("points", lang) for lang in LANGUAGES]
        skipped = boundaries_unavailable()
        if skipped is None:
            try:
                print("import_boundaries:", command("import_boundaries", str(BOUNDARIES)).splitlines()[0])
            except Exception as exc:  # the importer belongs to another part of the project; report, go on
                skipped = f"import_boundaries failed: {exc}"
            else:
                measurements += [measure("district polygons", lang) for lang in LANGUAGES]
        if skipped:
            print(f"Variant with district polygons skipped: {skipped}")

        for m in measurements:
            if m.lang == "kk":
                print_parts(m)
        print_totals(measurements)
        missed = [
            m
            for m in measurements
            if m.total("gzip", with_map_library=False) >= TARGET_WITHOUT_MAP_LIBRARY
            or m.total("gzip", with_map_library=True) >= TARGET_WITH_MAP_LIBRARY
        ]
        return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

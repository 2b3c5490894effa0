"""Compressed page weight of the open-budget map page of one region, Leaflet included.

Renders /{lang}/budget/590000000/ (the region's map page, latest year) through Django's test client
against a throw-away SQLite database holding the demo data (territories and budgets), then adds up
what a browser downloads for it: the HTML (which embeds the map data), the stylesheets and the
scripts it links. Each part is compressed as whitenoise compresses static files (gzip level 9;
brotli at quality 11 when the `brotli` module is installed). The same for the Akzhar district page,
whose map holds its 12 rural okrugs.

Run with `.venv/bin/python benchmarks/budget_page_weight.py`. It never touches the project database.
Exits 1 when a gzip total with the map library misses the 300 KB aim.
"""

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import page_weight as pw  # the same measuring code as the rollout page

PAGES = {"region map page": "/{lang}/budget/590000000/", "district map page": "/{lang}/budget/593400000/"}
TARGET = 300 * 1024


def measure(variant: str, url_template: str, lang: str) -> "pw.Measurement":
    import re

    from django.test import Client

    response = Client().get(url_template.format(lang=lang))
    assert response.status_code == 200, f"{url_template}: {response.status_code}"
    html = response.content
    text = html.decode()
    assert 'id="budget-map-data"' in text, "the page embeds no map data"
    result = pw.Measurement(variant, lang, [pw.Part.of("HTML (with map data)", html)])
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text) + re.findall(r'<script src="([^"]+)"', text)
    for href in links:
        result.parts.append(
            pw.Part.of(href.rsplit("/", 1)[-1], pw.static_bytes(href), map_library=pw.LEAFLET_PREFIX in href)
        )
    return result


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="budget-weight-") as tmp:
        pw.setup_django(Path(tmp) / "bench.sqlite3")
        import platform

        import django

        pw.command("migrate", verbosity=0)
        pw.load_demo()
        print("Open-budget map page weight")
        print(
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.platform()}; Python {platform.python_version()}; "
            f"Django {django.get_version()}; brotli {'present' if pw.brotli else 'absent'}"
        )
        measurements = [measure(name, url, lang) for name, url in PAGES.items() for lang in pw.LANGUAGES]
        for m in measurements:
            if m.lang == "kk":
                pw.print_parts(m)
        print("\nTotals (KB, 1 KB = 1024 bytes); aim: < 300 KB compressed with the map library")
        print(
            "| page | lang | without map library: raw | gzip | brotli "
            "| with map library: raw | gzip | brotli | aim (gzip) |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---|")
        missed = False
        for m in measurements:
            with_lib = m.total("gzip", with_map_library=True)
            missed |= with_lib >= TARGET
            cells = [
                m.variant,
                m.lang,
                pw.kb(m.total("raw", with_map_library=False)),
                pw.kb(m.total("gzip", with_map_library=False)),
                pw.kb(m.total("brotli", with_map_library=False)),
                pw.kb(m.total("raw", with_map_library=True)),
                pw.kb(with_lib),
                pw.kb(m.total("brotli", with_map_library=True)),
                "met" if with_lib < TARGET else "MISSED",
            ]
            print("| " + " | ".join(cells) + " |")
        return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

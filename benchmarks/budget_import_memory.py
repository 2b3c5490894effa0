"""Peak memory of a budget import against the size of the file.

Generates CSV template files of several sizes (one territory, one year, lines of twelve months,
`;`-separated, in thousand tenge, like the regions' files), and imports each in a fresh Python
process on a throw-away SQLite database, with `--dry-run`'s rollback so that every size starts
from the same database. Reports the tracemalloc peak during `import_budget` and the peak RSS of the
process (its growth over the process before the import), and each divided by the file's size.

    .venv/bin/python benchmarks/budget_import_memory.py --sizes 1 10 50
    .venv/bin/python benchmarks/budget_import_memory.py --lines 200000   # the issue's size, per line

Run it from the checkout to measure (it imports the checkout's code).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KATO = "593400000"
# Program codes under one administrator; each line adds an economic specific so lines are unique.
CODES = [f"07.3.123.{n:03d}" for n in range(1, 41)]


def generate(path: Path, megabytes: float, max_lines: int | None = None) -> int:
    """A file of about `megabytes` (or of exactly `max_lines` lines); the number of lines."""
    target = int(megabytes * 1024 * 1024)
    months = ";".join(f"m{m:02d}" for m in range(1, 13))
    header = f"Единица измерения: тыс. тенге\nkato;year;code;economic;approved;adjusted;paid;{months}\n"
    written = 0
    lines = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(header)
        written += len(header.encode())
        economic = 100000
        while written < target and (max_lines is None or lines < max_lines):
            for code in CODES:
                if max_lines is not None and lines >= max_lines:
                    break
                amounts = ";".join(f"{(lines * 7 + m) % 900 + 100},{m}" for m in range(1, 13))
                row = f"{KATO};2026;{code};{economic};1 234 567,5;1 300 000;;{amounts}\n"
                f.write(row)
                written += len(row.encode())
                lines += 1
            economic += 1
    return lines


def generate_lines(path: Path, lines: int) -> int:
    """A file of exactly `lines` budget lines."""
    return generate(path, 1 << 30, max_lines=lines)


def generate_package(folder: Path, lines: int) -> int:
    """A Fiscal Data Package of `lines` lines: one resource, a row per line with its approved,
    adjusted and paid amounts and the month the payments are dated (`date:fiscal-period`)."""
    folder.mkdir(parents=True, exist_ok=True)
    measures = {
        name: {"source": name, "currency": "KZT", "factor": 1000, "phase": phase}
        for name, phase in (("approved", "approved"), ("adjusted", "adjusted"), ("paid", "executed"))
    }
    descriptor = {
        "name": "bench",
        "resources": [{"name": "lines", "path": "lines.csv", "format": "csv"}],
        "model": {
            "measures": measures,
            "dimensions": {
                "function": {
                    "dimensionType": "classification",
                    "classificationType": "functional",
                    "attributes": {"code": {"source": "code"}},
                },
                "economic": {
                    "dimensionType": "classification",
                    "classificationType": "economic",
                    "attributes": {"economic": {"source": "economic"}},
                },
                "place": {"dimensionType": "location", "attributes": {"kato": {"source": "kato"}}},
                "when": {"dimensionType": "datetime", "attributes": {"year": {"source": "year"}}},
            },
        },
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    with (folder / "lines.csv").open("w", encoding="utf-8", newline="") as f:
        f.write("kato,year,code,economic,approved,adjusted,paid\n")
        for n in range(lines):
            f.write(f"{KATO},2026,{CODES[n % len(CODES)]},{100000 + n // len(CODES)},1234.5,1300,{n % 900 + 100}.5\n")
    return lines


def child(path: str) -> None:
    """In a fresh process: set up the database, then import `path` and report the peaks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from openakimat.budget.importers import import_budget
    from openakimat.budget.services import classification_load
    from openakimat.common.actor import SystemActor
    from openakimat.territory.models import Territory, TerritoryLevel

    actor = SystemActor("benchmark")
    rows = [("07", "ТКШ", "ЖКХ", "Housing"), ("07.3", "Абаттандыру", "Благоустройство", "Improvement")]
    rows.append(("07.3.123", "Әкім аппараты", "Аппарат акима", "Akim's office"))
    rows += [(code, code, code, code) for code in CODES]
    classification_load(actor=actor, rows=rows)
    fields = {"name_kk": "Ақжар", "name_ru": "Акжар", "name_en": "Akzhar"}
    if not Territory.objects.filter(kato=KATO).exists():
        Territory.objects.create(kato=KATO, level=TerritoryLevel.DISTRICT, **fields)
    import tracemalloc

    trace = os.environ.get("BENCH_TRACEMALLOC") == "1"
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    kwargs = {}
    if "limits" in import_budget.__code__.co_varnames:  # the capped importer: no cap in the way
        from openakimat.budget.importers import Limits

        big = 1 << 40
        kwargs["limits"] = Limits(big, big, big, big, big)
    format = "fdp" if Path(path).is_dir() else "csv"
    result = import_budget(Path(path), actor=actor, source_name="bench", format=format, dry_run=True, **kwargs)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        json.dumps(
            {
                "lines": result.lines,
                "payments": result.payments,
                "tracemalloc_peak": peak,
                "rss_before": rss_before,
                "rss_growth": rss_after - rss_before,
                "seconds": seconds,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", type=float, default=[1, 10, 50], help="file sizes in MB")
    parser.add_argument("--lines", nargs="+", type=int, help="file sizes in budget lines instead (e.g. 200000)")
    parser.add_argument("--format", choices=["csv", "fdp"], default="csv", help="with --lines: a CSV or a package")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slow: ×5)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(
        "| file | lines | payments | tracemalloc peak | peak ÷ file | RSS growth | RSS growth ÷ file | RSS growth per "
        "line | time |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    sizes = [("lines", n) for n in args.lines] if args.lines else [("mb", m) for m in args.sizes]
    with tempfile.TemporaryDirectory() as tmp:
        for kind, amount in sizes:
            path = Path(tmp) / f"budget-{amount:g}{kind}.csv"
            if kind == "lines" and args.format == "fdp":
                path = Path(tmp) / f"package-{amount:g}"
                generate_package(path, int(amount))
            elif kind == "lines":
                generate_lines(path, int(amount))
            else:
                generate(path, amount)
            size = sum(f.stat().st_size for f in path.iterdir()) if path.is_dir() else path.stat().st_size
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
            env["BENCH_TRACEMALLOC"] = "1" if args.tracemalloc else "0"
            env.pop("DJANGO_SETTINGS_MODULE", None)
            out = (
                subprocess.run(
                    [sys.executable, __file__, "--child", str(path)],
                    env=env,
                    cwd=ROOT,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            found = json.loads(out)
            mib = 1024 * 1024
            peak = found["tracemalloc_peak"]
            traced = f"{peak / mib:.1f} MiB | {peak / size:.2f}×" if args.tracemalloc else "— | —"
            growth = found["rss_growth"]
            print(
                f"| {size / mib:.1f} MiB | {found['lines']:,} | {found['payments']:,} | {traced} "
                f"| {growth / mib:.1f} MiB | {growth / size:.2f}× | {growth / max(found['lines'], 1):,.0f} B "
                f"| {found['seconds']:.1f} s |",
                flush=True,
            )
            os.remove(f"{tmp}/bench.sqlite3")


if __name__ == "__main__":
    main()

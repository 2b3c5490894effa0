"""Country-size budget data for the open-budget benchmarks (benchmarks/budget_bench.py): 3,500
territories, each with one budget of 240 lines paid month by month, about 10 million payments.

What it does, in order:

1. creates the database if it is missing (``--fresh`` drops and recreates it) and runs
   ``manage.py migrate`` against it;
2. writes a SYNTHETIC territory tree: 17 regions (KATO 81…97, codes the real classifier does not
   use, so nothing collides with the demo's North Kazakhstan, 59…) × 14 districts × 13 or 14 rural
   okrugs = 3,500 territories, named "Synthetic …" in all three languages;
3. loads the 15 functional groups and a SYNTHETIC classification of 240 programs under them
   (administrator codes 901 and 902, which the demo does not use);
4. streams one CSV file per region in the import template of docs/budget-import.md (comma
   delimited, amounts in thousand tenge: kato, year, version, code, approved, adjusted,
   contracted, paid, m01…m12), one budget of ``--year`` per territory, 240 lines, 12 months each.

Amounts are random (seeded, so the files are the same on every run) and mean nothing. Run:
``.venv/bin/python benchmarks/budget_data.py [--fresh] [--out DIR]``; the database is
``BENCH_DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432/openakimat_budget_bench), the
project's own database is never touched. Delete the CSV directory when done (about 1 GB).
"""

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from frontoffice_bench import server_env
from frontoffice_data import ensure_database

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/openakimat_budget_bench"
DEFAULT_OUT = Path(tempfile.gettempdir()) / "openakimat-budget-bench"
REGIONS = tuple(range(81, 98))  # 17 region codes unused by the real classifier
DISTRICTS_PER_REGION = 14
TERRITORIES = 3_500
PROGRAMS_PER_GROUP = 16  # 15 groups × 16 = 240 lines per budget
SEED = 20261128
HEADER = ["kato", "year", "version", "code", "approved", "adjusted", "contracted", "paid"] + [
    f"m{m:02d}" for m in range(1, 13)
]


def setup_django(url: str) -> None:
    os.environ.update(server_env(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def tree() -> list[tuple[str, str, str | None]]:
    """(kato, level, parent kato) of the synthetic territories, parents first: 3,500 in all."""
    districts = [(f"{r}{10 + 2 * d:02d}00000", f"{r}0000000") for r in REGIONS for d in range(DISTRICTS_PER_REGION)]
    okrugs_left = TERRITORIES - len(REGIONS) - len(districts)
    base, extra = divmod(okrugs_left, len(districts))
    rows: list[tuple[str, str, str | None]] = [(f"{r}0000000", "region", None) for r in REGIONS]
    rows += [(kato, "district", parent) for kato, parent in districts]
    for i, (district, _parent) in enumerate(districts):
        for k in range(base + (1 if i < extra else 0)):
            rows.append((f"{district[:4]}{30 + k:02d}000", "rural_okrug", district))
    return rows


def classification_codes() -> list[str]:
    """The 240 synthetic program codes: two subgroups × two administrators × four programs a group."""
    return [
        f"{g:02d}.{s}.{900 + a}.{p:03d}"
        for g in range(1, 16)
        for s in (1, 2)
        for a in (1, 2)
        for p in range(1, PROGRAMS_PER_GROUP // 4 + 1)
    ]


def load_reference_data() -> None:
    from django.db import transaction

    from openakimat.budget.management.commands.load_classification import GROUPS
    from openakimat.budget.services import classification_load
    from openakimat.common.actor import SystemActor
    from openakimat.territory.models import Territory

    actor = SystemActor("budget_bench")
    with open(GROUPS, encoding="utf-8-sig", newline="") as f:
        rows = [(r["code"], r["name_kk"], r["name_ru"], r["name_en"]) for r in csv.DictReader(f)]
    nodes: list[str] = []
    for code in classification_codes():
        parts = code.split(".")
        for depth in (2, 3, 4):
            node = ".".join(parts[:depth])
            if node not in nodes:
                nodes.append(node)
    rows += [(c, f"Синтетикалық {c}", f"Синтетический {c}", f"Synthetic {c}") for c in nodes]
    classification_load(actor=actor, rows=rows)

    with transaction.atomic():
        have = set(Territory.objects.filter(kato__startswith="8").values_list("kato", flat=True))
        by_kato: dict[str, Territory] = {t.kato: t for t in Territory.objects.filter(kato__in=have)}
        names = {
            "region": ("облысы", "область", "region"),
            "district": ("ауданы", "район", "district"),
            "rural_okrug": ("ауылдық округі", "сельский округ", "rural okrug"),
        }
        rng = random.Random(SEED)
        populations = {"region": (None, None), "district": (8_000, 60_000), "rural_okrug": (800, 9_000)}
        for level in ("region", "district", "rural_okrug"):
            batch = []
            for kato, lvl, parent in tree():
                if lvl != level or kato in have:
                    continue
                kk, ru, en = names[level]
                t = Territory(
                    kato=kato,
                    level=level,
                    parent=by_kato.get(parent) if parent else None,
                    name_kk=f"Синтетикалық {kato} {kk}",
                    name_ru=f"Синтетический {ru} {kato}",
                    name_en=f"Synthetic {en} {kato}",
                    population=rng.randint(*populations[level]) if level != "region" else None,
                    centre_lat=round(rng.uniform(41, 55), 5),
                    centre_lon=round(rng.uniform(50, 85), 5),
                    centre_approximate=True,
                )
                t.path = t.compute_path()
                t.search_text = t.compute_search_text()
                batch.append(t)
            for t in Territory.objects.bulk_create(batch, batch_size=2000):
                by_kato[t.kato] = t


def write_csvs(out: Path, year: int) -> tuple[int, int]:
    """One CSV per region; returns (lines, payments) written."""
    out.mkdir(parents=True, exist_ok=True)
    codes = classification_codes()
    rng = random.Random(SEED)
    lines = payments = 0
    by_region: dict[str, list[str]] = {}
    for kato, _level, _parent in tree():
        by_region.setdefault(kato[:2], []).append(kato)
    shape = (6, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10, 14)
    whole = sum(shape)
    for region, katos in by_region.items():
        with open(out / f"budget-{region}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(HEADER)
            for kato in katos:
                scale = 200 if kato.endswith("0000000") else 40 if kato.endswith("00000") else 1
                for code in codes:
                    approved = rng.randint(200, 20_000) * scale
                    adjusted = approved + rng.randint(-approved // 20, approved // 20)
                    execution = rng.uniform(0.6, 1.04)
                    monthly = [adjusted * s * execution // whole for s in shape]
                    paid = sum(monthly)
                    w.writerow(
                        [
                            kato,
                            year,
                            0,
                            code,
                            approved,
                            adjusted,
                            min(adjusted, int(paid * 1.02)),
                            int(paid),
                            *(int(m) for m in monthly),
                        ]
                    )
                    lines += 1
                    payments += 12
    return lines, payments


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the bench database")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"CSV directory (default {DEFAULT_OUT})")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--csv-only", action="store_true", help="only write the CSV files")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not args.csv_only:
        started = time.perf_counter()
        ensure_database(url, fresh=args.fresh)
        env = server_env(url)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        setup_django(url)
        load_reference_data()
        print(f"database ready: 3,500 territories, 240 programs ({time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    lines, payments = write_csvs(args.out, args.year)
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in args.out.glob("budget-*.csv"))
    print(
        f"wrote {lines:,} lines with {payments:,} payments in {len(REGIONS)} files, {size / 1e6:.0f} MB, "
        f"in {seconds:.1f} s ({payments / seconds:,.0f} payments/s) to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

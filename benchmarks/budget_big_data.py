"""Ten million payments in a PostgreSQL database, quickly, for the budget speed benchmark
(benchmarks/budget_api_bench.py).

    BENCH_DATABASE_URL=postgres://… .venv/bin/python benchmarks/budget_big_data.py [--territories 3500] [--year 2026]

On top of whatever the database holds (the benchmark loads the demo first), it adds the synthetic
country of benchmarks/budget_data.py: 17 regions × 14 districts × 13–14 rural okrugs = 3,500
territories named "Synthetic …", 240 synthetic programs, and one budget of `--year` per territory,
240 lines paid month by month: 3,500 × 240 × 12 = 10,080,000 payments. `--territories N` loads the
first N of them only (N × 2,880 payments).

No CSV is written or parsed: the lines go straight to `budgets_replace`, the service the importer
uses, one region per call, which on PostgreSQL writes lines, payments and rollups with one COPY
each (and audits each region's load). Amounts are random (seeded) and mean nothing. A territory
that already has a budget of the year is skipped, so the script can be resumed.
"""

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from budget_data import DEFAULT_URL, SEED, classification_codes, load_reference_data, setup_django, tree

SHAPE = (6, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10, 14)  # the year's payments, month by month


def lines_of(kato: str, codes: list[str], rng: random.Random) -> list:
    from openakimat.budget.services import LineData

    scale = 200 if kato.endswith("0000000") else 40 if kato.endswith("00000") else 1
    whole = sum(SHAPE)
    lines = []
    for code in codes:
        approved = rng.randint(200, 20_000) * scale * 1000
        adjusted = approved + rng.randint(-approved // 20, approved // 20)
        execution = rng.uniform(0.6, 1.04)
        monthly = {m: Decimal(int(adjusted * s * execution) // whole) for m, s in enumerate(SHAPE, start=1)}
        paid = sum(monthly.values(), Decimal(0))
        lines.append(
            LineData(
                code=code,
                approved=Decimal(approved),
                adjusted=Decimal(adjusted),
                contracted=min(Decimal(adjusted), paid),
                paid=paid,
                monthly=monthly,
            )
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--territories", type=int, default=3_500, help="how many synthetic territories get a budget")
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    started = time.perf_counter()
    setup_django(url)
    load_reference_data()

    from openakimat.budget.models import Budget
    from openakimat.budget.services import BudgetLoad, budgets_replace
    from openakimat.common.actor import SystemActor
    from openakimat.territory.models import Territory

    print(f"territories and programs ready ({time.perf_counter() - started:.1f} s)", flush=True)
    actor = SystemActor("budget_big_data")
    codes = classification_codes()
    katos = [kato for kato, _level, _parent in tree()][: args.territories]
    by_kato = {t.kato: t for t in Territory.objects.filter(kato__in=katos)}
    have = Budget.objects.filter(territory__kato__in=katos, year=args.year)
    done = set(have.values_list("territory__kato", flat=True))
    by_region: dict[str, list[str]] = {}
    for kato in katos:
        by_region.setdefault(kato[:2], []).append(kato)
    payments = 0
    for region, members in by_region.items():
        rng = random.Random(f"{SEED}-{region}")
        todo = [k for k in members if k not in done]
        if not todo:
            continue
        t0 = time.perf_counter()
        loads = [
            BudgetLoad(
                territory=by_kato[k],
                year=args.year,
                version=0,
                lines=lines_of(k, codes, rng),
                source_unit=1,
                source_name="benchmarks/budget_big_data.py",
            )
            for k in todo
        ]
        budgets_replace(actor=actor, loads=loads)
        count = len(todo) * len(codes) * len(SHAPE)
        payments += count
        seconds = time.perf_counter() - t0
        print(f"region {region}: {len(todo)} budgets, {count:,} payments in {seconds:.1f} s", flush=True)
    total = time.perf_counter() - started
    print(f"{payments:,} payments written in {total:.0f} s ({payments / max(total, 0.001):,.0f}/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

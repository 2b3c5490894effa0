"""100,000 problem reports and 100,000 instructions made from them, in a dedicated PostgreSQL
database, for benchmarks/problem_register_bench.py (the public register of instructions and the
report map at size).

    .venv/bin/python benchmarks/problem_register_data.py [--database oa_pbench] [--reports N]
        [--instructions N] [--reset] [--skip-prepare]

What it does, in order:

1. creates the database if it is missing, runs ``manage.py migrate`` and ``manage.py load_demo``
   against it (with the benchmarks' SECRET_KEY of benchmarks/frontoffice_data.py, which the
   benchmark server runs with too, so the encrypted columns read back);
2. gives each demo akimat that has departments eight problem categories (roads, street lighting,
   water, waste, snow, playgrounds, schools, stray animals), each routed to one of its departments
   (kept when they exist already: (akimat, code) is unique);
3. writes ``--reports`` reports (default 100,000) registered over the last two years, half of them
   in the Akzhar district (with its villages) and half over the other akimats with departments,
   with a point inside the district's boundary for 95 % of them (a point drawn near the village for
   Akzhar's), their public updates, and ``--instructions`` instructions (default 100,000) made from
   the accepted ones (one each, a second one for some, to another department), with their events —
   by PostgreSQL COPY in one transaction, which is rolled back if the rows fail a few checks
   (no step in the future, none out of order, every report placed, statuses that agree); then
   ANALYZE. The same seed gives the same rows.

Statuses: about 7 % of reports still "open" (most of them from the last week, some stale), 6 %
rejected, 5 % duplicates of an earlier report of the same category; the rest became instructions:
of those about 7 % assigned, 13 % in progress, 73 % done (most on time), 7 % cancelled, and of the
open ones about 40 % overdue (deadline passed; overdue is derived, never stored). About 10 % of
instructions had their deadline extended once.

Rows are written field by field from the models (every concrete field, defaults for those not set
here), so a column added with a default later does not break the generator. Nothing is audited and
no message is queued: this is data for reading. Most reports are anonymous; the others carry a
first name from a short invented list (encrypted like a real one) and no contact.

Re-running on a database that already holds more reports or instructions than the demo's own
(over 1,000) stops without writing; ``--reset`` first empties the tables of reports and
instructions and every table that refers to them (TRUNCATE … CASCADE), in that database only, and
load_demo then makes the demo's own again.
"""

import argparse
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import frontoffice_data as fd  # noqa: E402 - database creation, manage.py, the benchmarks' key
import problem_register_text as text  # noqa: E402 - categories, titles, descriptions

SEED = 20261129
DISTRICT = "593400000"  # Akzhar: the demo district with villages
HORIZON_DAYS = 730
DEMO_AT_MOST = 1_000  # load_demo's own reports and instructions (a few dozen) stay; more means generated


def database_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


# Places ----------------------------------------------------------------------------------------


def point_pool(rng: random.Random, geometry: dict | None, centre: tuple[float, float], spread: float, n: int):
    """`n` points inside `geometry`, drawn around `centre` (degrees of spread), as 6-decimal strings."""
    from openakimat.demo.territory import inside

    points: list[tuple[str, str]] = []
    tries = 0
    while len(points) < n and tries < n * 50:
        tries += 1
        lat = rng.gauss(centre[0], spread)
        lon = rng.gauss(centre[1], spread * 1.6)  # a degree of longitude is shorter up here
        if geometry is None or inside(lat, lon, geometry):
            points.append((f"{lat:.6f}", f"{lon:.6f}"))
    return points or [(f"{centre[0]:.6f}", f"{centre[1]:.6f}")]


def places(rng: random.Random) -> list[dict]:
    """Where reports come from: one entry per (akimat, village or None), with a weight, the
    categories and departments of the akimat and a pool of points."""
    from openakimat.territory.models import Akimat, Territory

    out = []
    akimats = [a for a in Akimat.objects.select_related("territory").order_by("pk") if a.departments.exists()]
    if not akimats:
        raise SystemExit("no akimat with departments: run load_demo first")
    others = [a for a in akimats if a.territory.kato != DISTRICT]
    for akimat in akimats:
        categories = text.ensure_categories(akimat)
        departments = list(akimat.departments.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
        district = akimat.territory
        geometry = district.boundary
        centre = (float(district.centre_lat or 0), float(district.centre_lon or 0))
        base = {"akimat": akimat, "categories": categories, "departments": departments}
        if district.kato == DISTRICT:
            villages = list(Territory.objects.filter(level="village", path__startswith=district.path).order_by("pk"))
            for village in villages:  # 85 % of Akzhar's half, by the size of the village (invented)
                v_centre = (float(village.centre_lat), float(village.centre_lon))
                out.append(
                    {
                        **base,
                        "territory": village,
                        "weight": 0.5 * 0.85 / len(villages),
                        "points": point_pool(rng, geometry, v_centre, 0.012, 1500),
                    }
                )
            out.append(
                {
                    **base,
                    "territory": None,
                    "weight": 0.5 * 0.15,
                    "points": point_pool(rng, geometry, centre, 0.25, 3000),
                }
            )
        else:
            out.append(
                {
                    **base,
                    "territory": None,
                    "weight": 0.5 / len(others),
                    "points": point_pool(rng, geometry, centre, 0.2, 3000),
                }
            )
    return out


# The plan of one report and its instructions ----------------------------------------------------


REPORT_MIX = [("open", 0.07), ("rejected", 0.06), ("duplicate", 0.05), ("work", 0.82)]
WORK_MIX = [("assigned", 0.07), ("in_progress", 0.13), ("done", 0.73), ("cancelled", 0.07)]
OVERDUE_SHARE = 0.40
EXTENDED_SHARE = 0.10


def pick(rng: random.Random, mix: list[tuple[str, float]]) -> str:
    return rng.choices([k for k, _w in mix], weights=[w for _k, w in mix])[0]


def plan_report(rng: random.Random, place: dict, now: datetime) -> dict:
    """Dates and statuses of one report (and of its instruction when it became one)."""
    category = rng.choices(place["categories"], weights=[c.weight for c in place["categories"]])[0]
    kind = pick(rng, REPORT_MIX)
    days = category.days_to_fix
    plan: dict = {"place": place, "category": category, "kind": kind}
    if kind == "open":
        age = rng.uniform(0, 7) if rng.random() < 0.7 else rng.uniform(7, HORIZON_DAYS)
        plan["created"] = now - timedelta(days=age)
        return plan
    if kind in ("rejected", "duplicate"):
        age = rng.uniform(1, HORIZON_DAYS)
        plan["created"] = now - timedelta(days=age)
        plan["closed"] = plan["created"] + timedelta(days=rng.uniform(0.05, min(3, age * 0.9)))
        return plan
    work = pick(rng, WORK_MIX)
    extended = rng.random() < EXTENDED_SHARE
    extra = rng.randint(7, 30) if extended else 0
    if work in ("assigned", "in_progress"):
        if rng.random() < OVERDUE_SHARE:  # the deadline (as extended) has passed
            age = days + extra + 1 + min(rng.expovariate(1 / 60), HORIZON_DAYS - days - extra - 2)
        else:
            age = rng.uniform(0.1, days + extra - 1)  # accepted at least an hour ago
    else:
        age = rng.uniform(days * 1.5 + extra + 3, HORIZON_DAYS)
    created = now - timedelta(days=age)
    accepted = created + timedelta(days=rng.uniform(0.02, min(2.0, age * 0.5)))
    original = (accepted + timedelta(days=days)).date()
    plan.update(created=created, accepted=accepted, work=work, original=original, deadline=original + timedelta(extra))
    plan["extended_at"] = accepted + timedelta(days=days * rng.uniform(0.5, 0.95)) if extended else None
    if plan["extended_at"] is not None and plan["extended_at"] > now:
        plan["extended_at"] = now - timedelta(hours=1)
    if work in ("in_progress", "done") or (work == "cancelled" and rng.random() < 0.5):
        plan["started"] = accepted + timedelta(days=rng.uniform(0.05, 3))
        if plan["started"] > now:
            plan["started"] = accepted + (now - accepted) * rng.uniform(0.2, 0.9)
    if work == "done":
        span = (days + extra) * (rng.uniform(0.2, 1.0) if rng.random() < 0.85 else rng.uniform(1.0, 1.8))
        plan["finished"] = min(accepted + timedelta(days=span), now - timedelta(hours=1))
    elif work == "cancelled":
        plan["finished"] = min(accepted + timedelta(days=rng.uniform(1, days)), now - timedelta(hours=1))
    if "finished" in plan and "started" in plan and plan["finished"] <= plan["started"]:
        plan["finished"] = plan["started"] + timedelta(days=rng.uniform(0.1, 1))
    if plan["extended_at"] is not None and "finished" in plan and plan["extended_at"] > plan["finished"]:
        plan["extended_at"] = accepted + (plan["finished"] - accepted) / 2
    return plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="oa_pbench", help="PostgreSQL database (127.0.0.1:5432, user postgres)")
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--instructions", type=int, default=100_000)
    parser.add_argument("--reset", action="store_true", help="empty the report and instruction tables first")
    parser.add_argument("--skip-prepare", action="store_true", help="no migrate / load_demo")
    args = parser.parse_args()

    url = database_url(args.database)
    started = time.perf_counter()
    if not args.skip_prepare:
        fd.ensure_database(url, fresh=False)
        fd.manage(url, "migrate", "--no-input")
    fd.setup_django(url)

    from django.db import connection, transaction
    from django.utils import timezone
    from problem_register_write import RESET_TABLES, write_all

    from openakimat.control.models import Instruction
    from openakimat.problems.models import Report

    if args.reset:  # the demo's own reports and instructions go too; load_demo makes them again
        with connection.cursor() as cur:
            cur.execute(f"TRUNCATE {', '.join(RESET_TABLES)} CASCADE")
    if not args.skip_prepare:
        fd.manage(url, "load_demo")
        print(f"database ready (migrate, load_demo): {time.perf_counter() - started:.0f} s", flush=True)
    with transaction.atomic():
        held = max(Report.objects.count(), Instruction.objects.count())
        if held > DEMO_AT_MOST:
            print(
                f"{args.database} already holds {held:,} reports or instructions, more than the demo's: nothing "
                "written (use --reset to start over)",
                file=sys.stderr,
            )
            return 1
        rng = random.Random(SEED)
        t0 = time.perf_counter()
        where = places(rng)
        now = timezone.now()
        weights = [p["weight"] for p in where]
        plans = [plan_report(rng, p, now) for p in rng.choices(where, weights=weights, k=args.reports)]
        print(f"planned {len(plans):,} reports: {time.perf_counter() - t0:.1f} s", flush=True)
        counts = write_all(rng, plans, args.instructions, now)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # every table: the planner's estimates for the small ones matter too
    print(f"ANALYZE: {time.perf_counter() - t0:.1f} s", flush=True)
    print(", ".join(f"{name} {n:,}" for name, n in counts.items()))
    print(summary())
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


def summary() -> str:
    from django.db.models import Count, Q
    from django.utils import timezone

    from openakimat.control.models import OPEN_STATUSES, Instruction
    from openakimat.problems.models import Report

    reports = dict(Report.objects.values_list("status").annotate(n=Count("pk")).order_by())
    instructions = dict(Instruction.objects.values_list("status").annotate(n=Count("pk")).order_by())
    overdue = Instruction.objects.filter(Q(status__in=OPEN_STATUSES), deadline__lt=timezone.localdate()).count()
    return f"reports by status {reports}\ninstructions by status {instructions}; overdue {overdue:,}"


if __name__ == "__main__":
    sys.exit(main())

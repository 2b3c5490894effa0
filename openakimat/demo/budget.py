"""Demonstration budgets of the Akzhar district and its 12 rural okrugs for 2025 and 2026, with
monthly payments. EVERY AMOUNT AND DATE HERE IS INVENTED; docs/demo-data.md ("Budgets") says what
follows the real program structure of local budgets and what is only plausible.

The tables are `data/budget.json` (amounts, weights, execution, decisions) and
`data/budget_classification.csv` (the codes and names the demo uses). The data are deterministic
(no randomness, no "today"): 2025 is executed through December, 2026 through October (AS_OF).
Amounts are whole thousands of tenge, as budget decisions publish them. Budgets go through
`budget_replace`; the projects are in `projects.py`.
"""

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from openakimat.budget.management.commands.load_classification import GROUPS
from openakimat.budget.models import Budget, Payment
from openakimat.budget.services import LineData, budget_replace, classification_load
from openakimat.common.actor import Actor
from openakimat.territory.models import Akimat, Territory

from . import projects

DATA = Path(__file__).resolve().parent / "data"
DEMO_CODES = DATA / "budget_classification.csv"
_TABLES = json.loads((DATA / "budget.json").read_text(encoding="utf-8"))

AKZHAR: str = _TABLES["district"]
TALSHIK_OKRUG: str = _TABLES["centre_okrug"]
YEARS: tuple[int, ...] = tuple(_TABLES["years"])
AS_OF = date.fromisoformat(_TABLES["as_of"])  # 2026 payments run through this month
THOUSAND = Decimal(1000)
SOURCE = "ДЕМО / DEMO: openakimat/demo/budget.py"

# The district's own lines: code → 2026 approved amount in thousand tenge (2025 is ~6 % less).
DISTRICT_LINES: dict[str, int] = _TABLES["district_lines"]
# An okrug's lines: code → 2026 approved amount for an okrug of weight 1, in thousand tenge.
OKRUG_LINES: dict[str, int] = _TABLES["okrug_lines"]
# The district centre's kindergarten is on its okrug's budget.
TALSHIK_ONLY: dict[str, int] = _TABLES["centre_okrug_only"]
# Size of each okrug's budget against a typical one (Talshik is the district centre).
OKRUG_WEIGHTS = {kato: Decimal(weight) for kato, weight in _TABLES["okrug_weights"].items()}
# Lines whose 2025 plan was changed by the adjustment (version 1): code → factor, everywhere.
ADJUSTMENTS_2025 = {code: Decimal(factor) for code, factor in _TABLES["adjustments_2025"].items()}
# Execution that departs from the plan (paid ÷ adjusted plan): (territory, year, code) → share.
OFF_PLAN = {(kato, year, code): Decimal(share) for kato, year, code, share in _TABLES["execution_off_plan"]}
CAPITAL = frozenset(_TABLES["capital"])
# Shares of a year's payments by month: running costs (salaries, a larger December) and works.
RUNNING: tuple[int, ...] = tuple(_TABLES["monthly_shares"]["running"])
WORKS: tuple[int, ...] = tuple(_TABLES["monthly_shares"]["works"])
# (year, version) → decision date and text (kk, ru, en) of the district maslikhat (INVENTED numbers).
DECISIONS = {
    (d["year"], d["version"]): (date.fromisoformat(d["on"]), d["kk"], d["ru"], d["en"]) for d in _TABLES["decisions"]
}


def classification_rows() -> list[tuple[str, str, str, str]]:
    """The 15 groups and every lower code the demo uses, parents before children."""
    rows = []
    for path in (GROUPS, DEMO_CODES):  # sorted by code, so parents come before children
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows += [(r["code"], r["name_kk"], r["name_ru"], r["name_en"]) for r in csv.DictReader(f)]
    return rows


def _thousands(value: Decimal | float) -> Decimal:
    """Whole thousands of tenge, in tenge."""
    return Decimal(round(Decimal(str(value)))) * THOUSAND


def _spread(total: Decimal, weights: tuple[int, ...], months: int) -> dict[int, Decimal]:
    """Split a total (tenge, whole thousands) over the first `months` months by the weights."""
    if total <= 0:
        return {}
    weights = weights[:months]
    units, whole = int(total / THOUSAND), sum(weights)
    shares = {m: units * w // whole for m, w in enumerate(weights, start=1) if w}
    last = max(shares)
    shares[last] += units - sum(shares.values())
    return {m: Decimal(u) * THOUSAND for m, u in shares.items() if u}


def project_fundings() -> dict[tuple[str, int, str], Decimal]:
    """(territory KATO, year, code) → thousand tenge the demo projects take from that line."""
    result: dict[tuple[str, int, str], Decimal] = {}
    for p in projects.PROJECTS:
        key = (AKZHAR if p.payer == "district" else p.okrug_kato, p.year, projects.funding_code(p))
        result[key] = result.get(key, Decimal(0)) + p.contract_thousand
    return result


def plan(kato: str, year: int) -> dict[str, Decimal]:
    """The approved plan of a territory's budget of a year: code → thousand tenge."""
    if kato == AKZHAR:
        base = {code: Decimal(amount) for code, amount in DISTRICT_LINES.items()}
    else:
        weight = OKRUG_WEIGHTS[kato]
        base = {code: Decimal(amount) * weight for code, amount in OKRUG_LINES.items()}
        if kato == TALSHIK_OKRUG:
            base.update({code: Decimal(amount) for code, amount in TALSHIK_ONLY.items()})
    if year == 2025:
        base = {code: amount * Decimal("0.94") for code, amount in base.items()}
    for (where, y, code), amount in project_fundings().items():
        if where == kato and y == year:
            base[code] += amount
    result = {code: Decimal(round(amount)) for code, amount in base.items()}
    if kato == AKZHAR:  # the district passes the okrugs most of what their budgets need
        okrugs = sum(sum(plan(o, year).values()) for o in OKRUG_WEIGHTS)
        result["15.1.452.038"] = Decimal(round(okrugs * Decimal("0.82")))
    return result


def budget_lines(kato: str, year: int, version: int) -> list[LineData]:
    """The lines of a version: the approved plan only for 2025's version 0; otherwise the adjusted
    plan, contracts and monthly payments (2025 through December, 2026 through AS_OF)."""
    approved = plan(kato, year)
    lines = []
    for code, amount in sorted(approved.items()):
        if year == 2025 and version == 0:
            lines.append(LineData(code, approved=_thousands(amount), adjusted=_thousands(amount), paid=Decimal(0)))
            continue
        adjusted = amount * ADJUSTMENTS_2025.get(code, Decimal(1)) if year == 2025 else amount
        months = 12 if year < AS_OF.year else AS_OF.month
        shape = WORKS if code in CAPITAL else RUNNING
        expected = Decimal(sum(shape[:months])) / Decimal(sum(shape))
        share = OFF_PLAN.get((kato, year, code))
        if share is None:  # on plan, a little under it as real execution is
            share = Decimal("0.985") if year == 2025 else expected * Decimal("0.97")
        paid = _thousands(adjusted * share)
        contracted = max(paid, _thousands(adjusted * (Decimal("0.99") if code not in CAPITAL else Decimal("0.93"))))
        lines.append(
            LineData(
                code,
                approved=_thousands(amount),
                adjusted=_thousands(adjusted),
                contracted=contracted,
                monthly=_spread(paid, shape, months),
            )
        )
    return lines


def _same_content(budget: Budget, lines: list[LineData]) -> bool:
    stored = {
        (code, eco): (a, ad, c, p)
        for code, eco, a, ad, c, p in budget.lines.values_list(
            "classification__code", "economic_code", "approved", "adjusted", "contracted", "paid"
        )
    }
    wanted = {
        (line.code, line.economic_code): (
            line.approved,
            line.adjusted,
            line.contracted,
            line.paid if line.paid is not None else sum(line.monthly.values(), Decimal(0)),
        )
        for line in lines
    }
    if stored != wanted:
        return False
    payments = set(
        Payment.objects.filter(line__budget=budget).values_list(
            "line__classification__code", "line__economic_code", "month", "amount"
        )
    )
    return payments == {(line.code, line.economic_code, m, a) for line in lines for m, a in line.monthly.items()}


def load_budgets(actor: Actor, territories: dict[str, Territory]) -> int:
    """Write the budgets that are missing or differ from the demo's; returns how many were written."""
    written = 0
    for kato in [AKZHAR, *OKRUG_WEIGHTS]:
        territory = territories[kato]
        for (year, version), (on, kk, ru, en) in DECISIONS.items():
            lines = budget_lines(kato, year, version)
            existing = Budget.objects.filter(territory=territory, year=year, version=version).first()
            if existing is not None and _same_content(existing, lines):
                continue
            budget = budget_replace(
                actor=actor,
                territory=territory,
                year=year,
                version=version,
                lines=lines,
                source_unit=1000,
                source_name=SOURCE,
                approved_on=on,
            )
            Budget.objects.filter(pk=budget.pk).update(decision_kk=kk, decision_ru=ru, decision_en=en)
            written += 1
    return written


def load(actor: Actor, akimats: dict[str, Akimat]) -> dict[str, int]:
    """Load the demo classification, budgets and projects; a second run changes nothing."""
    classification_load(actor=actor, rows=classification_rows())
    territories = {kato: a.territory for kato, a in akimats.items()}
    for village in Territory.objects.filter(parent__kato__in=list(OKRUG_WEIGHTS)):
        territories[village.kato] = village
    return {
        "budgets": load_budgets(actor, territories),
        "projects": projects.load(actor, territories, district=AKZHAR, as_of=AS_OF),
    }

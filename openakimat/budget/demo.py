"""Demonstration budgets of the Akzhar district and its 12 rural okrugs for 2025 and 2026, with
monthly payments and about 40 projects in the villages. EVERY AMOUNT, DATE, PROJECT, CONTRACTOR,
BIN AND PROCUREMENT REFERENCE HERE IS INVENTED; docs/demo-data.md ("Budgets") says what follows
the real program structure of local budgets and what is only plausible.

The data are deterministic (no randomness, no "today"): 2025 is executed through December, 2026
through October (AS_OF). Amounts are whole thousands of tenge, as budget decisions publish them.
Budgets go through `budget_replace`; projects are written here directly because the budget app
has no project service (this module is the demo loader's, nothing else writes projects this way).
"""

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from openakimat.common.iin import check_digit
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Territory

from .management.commands.load_classification import GROUPS
from .models import Budget, Payment, ProgressReport, Project, ProjectFunding
from .services import LineData, budget_replace, classification_load

AKZHAR = "593400000"
TALSHIK_OKRUG = "593430000"
YEARS = (2025, 2026)
AS_OF = date(2026, 10, 31)  # 2026 payments run through this month
THOUSAND = Decimal(1000)
SOURCE = "ДЕМО / DEMO: openakimat/budget/demo.py"

# Functional subgroups, administrators, programs and subprograms the demo uses, with names in
# three languages. Codes follow the unified budget classification of local budgets as far as it is
# known here; docs/demo-data.md says which are certain and which are only plausible.
DEMO_CODES = Path(__file__).resolve().parent / "data" / "demo_classification.csv"
# The district's own lines: code → 2026 approved amount in thousand tenge (2025 is ~6 % less).
DISTRICT_LINES = {
    "01.1.112.001": 46_200,
    "01.1.122.001": 262_400,
    "01.2.452.001": 94_800,
    "01.5.453.001": 61_300,
    "01.9.458.001": 70_900,
    "02.1.122.005": 11_600,
    "04.1.464.009": 384_500,
    "04.2.464.003": 2_104_700,
    "04.2.464.006": 158_300,
    "04.9.464.001": 89_600,
    "04.9.464.005": 71_200,
    "04.9.464.067": 60_000,
    "06.2.451.002": 148_900,
    "06.2.451.007": 84_700,
    "06.9.451.001": 74_300,
    "07.2.458.012": 118_500,
    "07.2.467.058": 40_000,
    "08.1.455.003": 187_200,
    "08.3.455.006": 58_400,
    "10.1.462.001": 54_100,
    "10.6.463.001": 34_800,
    "11.2.467.001": 47_600,
    "12.1.458.023": 176_300,
    "12.1.458.045.011": 90_000,
    "12.1.458.045.015": 40_000,
    "13.9.452.012": 25_000,
}
# An okrug's lines: code → 2026 approved amount for an okrug of weight 1, in thousand tenge.
OKRUG_LINES = {
    "01.1.124.001": 31_500,
    "04.2.124.005": 3_600,
    "07.2.124.014": 2_900,
    "07.3.124.008": 5_200,
    "07.3.124.009": 2_100,
    "07.3.124.011": 3_800,
    "08.1.124.006": 11_400,
    "12.1.124.013": 7_300,
    "12.1.124.045": 4_000,
    "13.9.124.040": 6_000,
}
TALSHIK_ONLY = {"04.1.124.004": 96_300}  # the district centre's kindergarten is on its okrug's budget
# Size of each okrug's budget against a typical one (Talshik is the district centre).
OKRUG_WEIGHTS = {
    "593430000": 3.2,
    "593432000": 0.8,
    "593433000": 0.9,
    "593435000": 1.1,
    "593436000": 1.0,
    "593437000": 0.9,
    "593438000": 1.2,
    "593439000": 1.4,
    "593441000": 0.7,
    "593443000": 1.0,
    "593445000": 1.1,
    "593449000": 1.0,
}
# Lines whose 2025 plan was changed by the adjustment (version 1): code → factor, everywhere.
ADJUSTMENTS_2025 = {
    "04.2.464.003": Decimal("1.031"),
    "06.2.451.007": Decimal("1.12"),
    "13.9.452.012": Decimal("0.40"),
    "01.1.124.001": Decimal("1.02"),
    "07.3.124.011": Decimal("0.9"),
    "12.1.458.023": Decimal("1.08"),
}
# Execution that departs from the plan (paid ÷ adjusted plan): (territory, year, code) → share.
UNDER_EXECUTED = {
    (AKZHAR, 2025, "07.2.467.058"): Decimal("0.58"),
    ("593439000", 2025, "12.1.124.045"): Decimal("0.64"),
    (AKZHAR, 2026, "04.9.464.067"): Decimal("0.35"),
}
OVERRUN = {("593438000", 2025, "07.3.124.008"): Decimal("1.07")}
CAPITAL = {"04.9.464.067", "07.2.467.058", "12.1.124.045", "12.1.458.045.011", "12.1.458.045.015", "13.9.124.040"}
# Shares of a year's payments by month: running costs (salaries, a larger December) and works.
RUNNING = (6, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10, 14)
WORKS = (0, 0, 0, 2, 6, 12, 16, 18, 16, 14, 10, 12)

# Projects: (okrug KATO, village index, kind, street index, year, contract thousand tenge, status,
# progress %, funded by the okrug's budget or the district's). A project of the year before the
# last keeps its year; 2025 projects are done (but one), 2026 ones are in every state.
PROJECTS = [
    ("593430000", 0, "road", 0, 2025, 96_400, "completed", 100, "district"),
    ("593430000", 0, "lighting", 1, 2025, 18_200, "completed", 100, "okrug"),
    ("593430000", 0, "school", 0, 2026, 142_000, "in_progress", 65, "district"),
    ("593430000", 1, "water", 0, 2026, 212_500, "in_progress", 40, "district"),
    ("593430000", 2, "club", 0, 2026, 24_800, "completed", 100, "okrug"),
    ("593430000", 3, "road", 2, 2026, 38_600, "procurement", 0, "okrug"),
    ("593432000", 0, "club", 0, 2025, 19_700, "completed", 100, "okrug"),
    ("593432000", 0, "lighting", 3, 2026, 9_400, "in_progress", 70, "okrug"),
    ("593433000", 0, "water", 0, 2025, 164_300, "completed", 100, "district"),
    ("593433000", 0, "road", 4, 2026, 27_900, "in_progress", 80, "okrug"),
    ("593433000", 0, "school", 0, 2026, 58_200, "planned", 0, "district"),
    ("593435000", 0, "school", 0, 2025, 87_900, "completed", 100, "district"),
    ("593435000", 1, "lighting", 5, 2025, 7_800, "completed", 100, "okrug"),
    ("593435000", 0, "road", 1, 2026, 33_100, "in_progress", 55, "okrug"),
    ("593436000", 0, "road", 0, 2025, 41_700, "completed", 100, "okrug"),
    ("593436000", 1, "water", 0, 2026, 118_400, "procurement", 0, "district"),
    ("593436000", 0, "club", 0, 2026, 21_300, "in_progress", 30, "okrug"),
    ("593437000", 0, "lighting", 2, 2025, 8_900, "completed", 100, "okrug"),
    ("593437000", 1, "club", 0, 2025, 16_400, "suspended", 45, "okrug"),
    ("593437000", 0, "road", 3, 2026, 29_600, "completed", 100, "okrug"),
    ("593438000", 0, "road", 5, 2025, 52_300, "completed", 100, "okrug"),
    ("593438000", 0, "lighting", 0, 2025, 12_600, "completed", 100, "okrug"),
    ("593438000", 1, "school", 0, 2026, 64_700, "in_progress", 20, "district"),
    ("593438000", 1, "lighting", 4, 2026, 6_900, "planned", 0, "okrug"),
    ("593439000", 0, "road", 1, 2025, 58_800, "completed", 100, "okrug"),
    ("593439000", 1, "water", 0, 2025, 96_700, "completed", 100, "district"),
    ("593439000", 2, "club", 0, 2026, 18_900, "in_progress", 75, "okrug"),
    ("593439000", 0, "lighting", 2, 2026, 10_800, "completed", 100, "okrug"),
    ("593441000", 0, "road", 0, 2025, 24_500, "completed", 100, "okrug"),
    ("593441000", 0, "water", 0, 2026, 87_600, "in_progress", 60, "district"),
    ("593443000", 0, "school", 0, 2025, 73_400, "completed", 100, "district"),
    ("593443000", 1, "road", 3, 2026, 31_200, "in_progress", 45, "okrug"),
    ("593443000", 0, "lighting", 1, 2026, 8_300, "procurement", 0, "okrug"),
    ("593445000", 0, "club", 0, 2025, 22_100, "completed", 100, "okrug"),
    ("593445000", 1, "road", 4, 2026, 44_800, "in_progress", 35, "district"),
    ("593445000", 0, "water", 0, 2026, 74_900, "planned", 0, "district"),
    ("593449000", 0, "lighting", 0, 2025, 9_600, "completed", 100, "okrug"),
    ("593449000", 1, "road", 2, 2025, 36_900, "completed", 100, "district"),
    ("593449000", 0, "school", 0, 2026, 49_500, "completed", 100, "district"),
    ("593449000", 0, "club", 0, 2026, 20_600, "in_progress", 50, "okrug"),
]
# Which program pays for each kind of project, from the okrug's budget or the district's.
FUNDING_CODES = {
    ("road", "okrug"): "12.1.124.045",
    ("road", "district"): "12.1.458.045.011",
    ("lighting", "okrug"): "07.3.124.008",
    ("club", "okrug"): "13.9.124.040",
    ("school", "district"): "04.9.464.067",
    ("water", "district"): "07.2.467.058",
}
STREETS = [  # (kk, ru, en)
    ("Целинная", "Целинная", "Tselinnaya"),
    ("Мектеп", "Школьная", "Shkolnaya"),
    ("Орталық", "Центральная", "Tsentralnaya"),
    ("Бейбітшілік", "Мира", "Mira"),
    ("Жастар", "Молодёжная", "Molodyozhnaya"),
    ("Абай", "Абая", "Abai"),
]
NAMES = {  # kind → (kk, ru, en) with {v} for the village and {s} for the street
    "road": (
        "{v} ауылындағы {s} көшесін орташа жөндеу",
        "Средний ремонт улицы {s} в селе {v}",
        "Medium repair of {s} street in {v}",
    ),
    "school": (
        "{v} ауылындағы мектеп ғимаратын күрделі жөндеу",
        "Капитальный ремонт здания школы в селе {v}",
        "Major renovation of the school in {v}",
    ),
    "club": (
        "{v} ауылындағы ауылдық клубты жөндеу",
        "Ремонт сельского клуба в селе {v}",
        "Renovation of the village club in {v}",
    ),
    "water": (
        "{v} ауылының сумен жабдықтау желілерін реконструкциялау",
        "Реконструкция сетей водоснабжения села {v}",
        "Reconstruction of the water supply network of {v}",
    ),
    "lighting": (
        "{v} ауылының {s} көшесін жарықтандыру",
        "Уличное освещение улицы {s} в селе {v}",
        "Street lighting of {s} street in {v}",
    ),
}
DESCRIPTIONS = {
    "road": (
        "Асфальт-бетон жабынын ауыстыру, жол жиектерін және су бұру арықтарын жөндеу.",
        "Замена асфальтобетонного покрытия, ремонт обочин и водоотводных канав.",
        "New asphalt surface, verges and drainage ditches.",
    ),
    "school": (
        "Шатыр, терезелер, жылу жүйесі және спорт залы жөнделеді.",
        "Ремонт кровли, замена окон, системы отопления и спортивного зала.",
        "Roof, windows, heating and the gym.",
    ),
    "club": (
        "Шатыр, қасбет және көрермендер залы жөнделеді, жылу жүйесі ауыстырылады.",
        "Ремонт кровли, фасада и зрительного зала, замена системы отопления.",
        "Roof, façade and hall; new heating.",
    ),
    "water": (
        "Су құбыры желілерін ауыстыру, су тарату бағаналарын және резервуарды салу.",
        "Замена водопроводных сетей, строительство водоразборных колонок и резервуара.",
        "New water mains, standpipes and a reservoir.",
    ),
    "lighting": (
        "Жаңа тіректер мен жарық диодты шамдар, басқару шкафы.",
        "Новые опоры, светодиодные светильники и шкаф управления.",
        "New poles, LED lamps and a control cabinet.",
    ),
}
CONTRACTORS = [  # INVENTED companies, all called "Демо …" so that nobody takes them for real ones
    "ТОО «Демо Құрылыс»",
    "ТОО «Демо Жол Сервис»",
    "ТОО «Демо Су Арнасы»",
    "ТОО «Демо Жарық»",
    "ТОО «Демо Ақжар Құрылыс»",
    "ТОО «Демо СтройМонтаж»",
    "ТОО «Демо Дала Жолдары»",
    "ТОО «Демо Мектеп Жөндеу»",
]
REPORT_NOTES = [
    (
        0,
        "Келісімшарт жасалды, нысан мердігерге берілді.",
        "Договор заключён, объект передан подрядчику.",
        "Contract signed, site handed over.",
    ),
    (
        35,
        "Бөлшектеу және дайындық жұмыстары аяқталды.",
        "Завершены демонтаж и подготовительные работы.",
        "Demolition and preparation done.",
    ),
    (70, "Негізгі жұмыстар жүргізілуде.", "Ведутся основные работы.", "Main works under way."),
    (
        100,
        "Жұмыстар аяқталды, нысан пайдалануға қабылданды.",
        "Работы завершены, объект принят в эксплуатацию.",
        "Works finished, accepted into use.",
    ),
]


def classification_rows() -> list[tuple[str, str, str, str]]:
    """The 15 groups and every lower code the demo uses, parents before children."""
    rows = []
    for path in (GROUPS, DEMO_CODES):  # sorted by code, so parents come before children
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows += [(r["code"], r["name_kk"], r["name_ru"], r["name_en"]) for r in csv.DictReader(f)]
    return rows


def demo_bin(n: int) -> str:
    """An invented BIN that passes the check digit: registered in 20YY-MM, a resident head office."""
    serial = 70000 + 37 * n
    while True:
        first11 = f"{10 + n % 12:02d}{n % 12 + 1:02d}40{serial % 100000:05d}"
        digit = check_digit(first11)
        if digit is not None:
            return first11 + str(digit)
        serial += 1


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
    for okrug, _v, kind, _s, year, amount, _status, _p, payer in PROJECTS:
        key = (AKZHAR if payer == "district" else okrug, year, FUNDING_CODES[(kind, payer)])
        result[key] = result.get(key, Decimal(0)) + amount
    return result


def plan(kato: str, year: int) -> dict[str, Decimal]:
    """The approved plan of a territory's budget of a year: code → thousand tenge."""
    if kato == AKZHAR:
        base = {code: Decimal(amount) for code, amount in DISTRICT_LINES.items()}
    else:
        weight = Decimal(str(OKRUG_WEIGHTS[kato]))
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
        share = UNDER_EXECUTED.get((kato, year, code)) or OVERRUN.get((kato, year, code))
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


# (year, version) → decision date and text of the district maslikhat (INVENTED numbers).
DECISIONS = {
    (2025, 0): (
        date(2024, 12, 24),
        "ДЕМО: аудан мәслихатының 2024-12-24 шешімі",
        "ДЕМО: решение маслихата района от 24.12.2024",
        "DEMO: district maslikhat decision of 24 Dec 2024",
    ),
    (2025, 1): (
        date(2025, 11, 14),
        "ДЕМО: аудан мәслихатының 2025-11-14 шешімі (нақтылау)",
        "ДЕМО: решение маслихата района от 14.11.2025 (уточнение)",
        "DEMO: district maslikhat decision of 14 Nov 2025 (adjustment)",
    ),
    (2026, 0): (
        date(2025, 12, 23),
        "ДЕМО: аудан мәслихатының 2025-12-23 шешімі",
        "ДЕМО: решение маслихата района от 23.12.2025",
        "DEMO: district maslikhat decision of 23 Dec 2025",
    ),
}


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


def load_budgets(actor: Any, territories: dict[str, Territory]) -> int:
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


def _project_dates(year: int, status: str, n: int) -> dict[str, date | None]:
    if status in ("planned", "procurement"):  # works start after the contract, late in the year
        start = date(year, 11, 1) + timedelta(days=(n * 3) % 20)
    else:
        start = date(year, 5, 1) + timedelta(days=(n * 7) % 45)
    end = start + timedelta(days=90 + (n * 11) % 60)
    dates: dict[str, date | None] = {"planned_start": start, "planned_end": end}
    if status in ("in_progress", "completed", "suspended"):
        dates["actual_start"] = start + timedelta(days=n % 9)
    if status == "completed":
        late = 20 if n % 4 == 0 else 0
        dates["actual_end"] = min(end + timedelta(days=late), AS_OF if year == AS_OF.year else date(year, 12, 20))
    return dates


def load_projects(actor: Any, territories: dict[str, Territory]) -> int:
    """Write the demo projects that don't exist yet (by slug); returns how many were made."""
    from .models import Classification

    codes = {c.code: c for c in Classification.objects.filter(code__in=set(FUNDING_CODES.values()))}
    made = 0
    for n, (okrug_kato, v, kind, s, year, amount, status, progress, payer) in enumerate(PROJECTS, start=1):
        village = territories[f"{okrug_kato[:6]}{(v + 1) * 100:03d}"]
        slug = f"demo-{village.kato}-{kind}-{year}"
        if Project.objects.filter(slug=slug).exists():
            continue
        street = STREETS[s]
        names = [
            template.format(v=getattr(village, f"name_{lang}"), s=street[i])
            for i, (template, lang) in enumerate(zip(NAMES[kind], ("kk", "ru", "en"), strict=True))
        ]
        contracted = status not in ("planned", "procurement")
        dates = _project_dates(year, status, n)
        # Within about a kilometre of the village centre (itself approximate but for Talshik).
        lat = village.centre_lat + Decimal((n * 37) % 17 - 8) / Decimal(1000)
        lon = village.centre_lon + Decimal((n * 53) % 23 - 11) / Decimal(1000)
        project = Project.objects.create(
            slug=slug,
            territory=village,
            name_kk=names[0],
            name_ru=names[1],
            name_en=names[2],
            description_kk=DESCRIPTIONS[kind][0],
            description_ru=DESCRIPTIONS[kind][1],
            description_en=DESCRIPTIONS[kind][2],
            lat=lat,
            lon=lon,
            contractor_name=CONTRACTORS[n % len(CONTRACTORS)] if contracted else "",
            contractor_bin=demo_bin(n % len(CONTRACTORS)) if contracted else "",
            contract_amount=Decimal(amount) * THOUSAND if contracted else None,
            contract_date=dates["planned_start"] - timedelta(days=25) if contracted else None,
            procurement_ref=f"DEMO-GZ-{year}-{n:04d}" if status != "planned" else "",
            progress=progress,
            status=status,
            **dates,
        )
        payer_kato = AKZHAR if payer == "district" else okrug_kato
        ProjectFunding.objects.create(
            project=project,
            territory=territories[payer_kato],
            year=year,
            classification=codes[FUNDING_CODES[(kind, payer)]],
            amount=Decimal(amount) * THOUSAND,
        )
        if contracted:
            _reports(project, dates, progress)
        made += 1
    if made:
        audit_record(
            actor=actor,
            action="budget.demo_projects",
            object_type="budget.project",
            object_id="",
            data={"created": made},
        )
    return made


def _reports(project: Project, dates: dict[str, date | None], progress: int) -> None:
    """Two to four dated progress reports, ending at the project's current progress."""
    start = dates["actual_start"] or dates["planned_start"]
    end = dates.get("actual_end") or min(AS_OF, start + timedelta(days=120))
    steps = [r for r in REPORT_NOTES if r[0] < progress] + [
        (progress, *next(r[1:] for r in REPORT_NOTES if r[0] >= progress))
    ]
    steps = steps[-4:] if len(steps) > 1 else [REPORT_NOTES[0], *steps]
    span = max((end - start).days, len(steps))
    for i, (percent, kk, ru, en) in enumerate(steps):
        ProgressReport.objects.create(
            project=project,
            on=start + timedelta(days=span * i // (len(steps) - 1)),
            progress=percent,
            note_kk=kk,
            note_ru=ru,
            note_en=en,
        )


def load(actor: Any, akimats: dict[str, Any]) -> dict[str, int]:
    """Load the demo classification, budgets and projects; a second run changes nothing."""
    classification_load(actor=actor, rows=classification_rows())
    territories = {kato: a.territory for kato, a in akimats.items()}
    for village in Territory.objects.filter(parent__kato__in=list(OKRUG_WEIGHTS)):
        territories[village.kato] = village
    return {"budgets": load_budgets(actor, territories), "projects": load_projects(actor, territories)}

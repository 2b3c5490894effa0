"""About 40 demonstration projects in the Akzhar villages, each funded by a line of its okrug's or
the district's budget, with dated progress reports. EVERY PROJECT, CONTRACTOR, BIN, DATE AND
PROCUREMENT REFERENCE HERE IS INVENTED (docs/demo-data.md, "Budgets").

The projects are `data/projects.csv`; what pays for each kind and the texts are
`data/projects.json`. A project of the year before the last keeps its year; 2025 projects are done
(but one), 2026 ones are in every state. The projects and their reports are written here directly,
with one audit entry for the lot, rather than one by one through `openakimat.budget.projects`
(nothing but the demo loader writes projects this way).
"""

import csv
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from openakimat.budget.models import Classification, ProgressReport, Project, ProjectFunding
from openakimat.common.actor import Actor
from openakimat.common.iin import check_digit
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Territory

DATA = Path(__file__).resolve().parent / "data"
_TEXTS = json.loads((DATA / "projects.json").read_text(encoding="utf-8"))
THOUSAND = Decimal(1000)
LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True)
class DemoProject:
    """One row of projects.csv: the okrug, which of its villages and streets, the kind, the year,
    the contract in thousand tenge, the status and progress %, and who pays (okrug or district)."""

    okrug_kato: str
    village: int
    kind: str
    street: int
    year: int
    contract_thousand: int
    status: str
    progress: int
    payer: str


def _read_projects() -> list[DemoProject]:
    with open(DATA / "projects.csv", encoding="utf-8", newline="") as f:
        return [
            DemoProject(
                okrug_kato=row["okrug_kato"],
                village=int(row["village"]),
                kind=row["kind"],
                street=int(row["street"]),
                year=int(row["year"]),
                contract_thousand=int(row["contract_thousand"]),
                status=row["status"],
                progress=int(row["progress"]),
                payer=row["payer"],
            )
            for row in csv.DictReader(f)
        ]


PROJECTS = _read_projects()
# Which program pays for each kind of project, from the okrug's budget or the district's.
FUNDING_CODES = {(f["kind"], f["payer"]): f["code"] for f in _TEXTS["funding_codes"]}
# INVENTED companies, all called "Демо …" so that nobody takes them for real ones.
CONTRACTORS: list[str] = _TEXTS["contractors"]
# (progress %, note kk, ru, en), in order of progress.
REPORT_NOTES = [(n["progress"], n["kk"], n["ru"], n["en"]) for n in _TEXTS["report_notes"]]


def funding_code(project: DemoProject) -> str:
    return FUNDING_CODES[(project.kind, project.payer)]


def demo_bin(n: int) -> str:
    """An invented BIN that passes the check digit: registered in 20YY-MM, a resident head office."""
    serial = 70000 + 37 * n
    while True:
        first11 = f"{10 + n % 12:02d}{n % 12 + 1:02d}40{serial % 100000:05d}"
        digit = check_digit(first11)
        if digit is not None:
            return first11 + str(digit)
        serial += 1


def _dates(year: int, status: str, n: int, as_of: date) -> dict[str, date | None]:
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
        dates["actual_end"] = min(end + timedelta(days=late), as_of if year == as_of.year else date(year, 12, 20))
    return dates


def _texts(project: DemoProject, village: Territory) -> dict[str, str]:
    """The project's name and description in the three languages, as model fields."""
    street = _TEXTS["streets"][project.street]
    fields = {}
    for lang in LANGUAGES:
        template = _TEXTS["names"][project.kind][lang]
        fields[f"name_{lang}"] = template.format(v=getattr(village, f"name_{lang}"), s=street[lang])
        fields[f"description_{lang}"] = _TEXTS["descriptions"][project.kind][lang]
    return fields


def load(actor: Actor, territories: dict[str, Territory], *, district: str, as_of: date) -> int:
    """Write the demo projects that don't exist yet (by slug); returns how many were made."""
    codes = {c.code: c for c in Classification.objects.filter(code__in=set(FUNDING_CODES.values()))}
    made = 0
    for n, p in enumerate(PROJECTS, start=1):
        village = territories[f"{p.okrug_kato[:6]}{(p.village + 1) * 100:03d}"]
        slug = f"demo-{village.kato}-{p.kind}-{p.year}"
        if Project.objects.filter(slug=slug).exists():
            continue
        contracted = p.status not in ("planned", "procurement")
        dates = _dates(p.year, p.status, n, as_of)
        # Within about a kilometre of the village centre (itself approximate but for Talshik).
        lat = village.centre_lat + Decimal((n * 37) % 17 - 8) / Decimal(1000)
        lon = village.centre_lon + Decimal((n * 53) % 23 - 11) / Decimal(1000)
        amount = Decimal(p.contract_thousand) * THOUSAND
        project = Project.objects.create(
            slug=slug,
            territory=village,
            **_texts(p, village),
            lat=lat,
            lon=lon,
            contractor_name=CONTRACTORS[n % len(CONTRACTORS)] if contracted else "",
            contractor_bin=demo_bin(n % len(CONTRACTORS)) if contracted else "",
            contract_amount=amount if contracted else None,
            contract_date=dates["planned_start"] - timedelta(days=25) if contracted else None,
            # Paid as the works are accepted: in step with the progress, rounded to a thousand.
            paid_to_date=(amount * p.progress / 100 / THOUSAND).quantize(Decimal(1)) * THOUSAND if contracted else None,
            procurement_ref=f"DEMO-GZ-{p.year}-{n:04d}" if p.status != "planned" else "",
            progress=p.progress,
            status=p.status,
            **dates,
        )
        ProjectFunding.objects.create(
            project=project,
            territory=territories[district if p.payer == "district" else p.okrug_kato],
            year=p.year,
            classification=codes[funding_code(p)],
            amount=amount,
        )
        if contracted:
            _reports(project, dates, p.progress, as_of)
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


def _reports(project: Project, dates: dict[str, date | None], progress: int, as_of: date) -> None:
    """Two to four dated progress reports, ending at the project's current progress."""
    start = dates["actual_start"] or dates["planned_start"]
    end = dates.get("actual_end") or min(as_of, start + timedelta(days=120))
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

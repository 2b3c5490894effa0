"""Demonstration problem reports at the Akzhar district akimat: seven categories routed to its
departments, and about thirty reports around its villages, some taken into work as instructions,
some fixed, one confirmed fixed by its reporter.

EVERYTHING HERE IS INVENTED: every description starts with "ДЕМО / DEMO", the reporters are "Demo
resident N" with phones in the +7 700 000 00 NN demo block (never shown publicly), and the points
are scattered around the villages' centres. Loading twice changes nothing: the categories are
updated in place and the reports are made only when the akimat has none yet."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from openakimat.accounts.models import User
from openakimat.control import services as control
from openakimat.problems.models import Category, Report, ReportUpdate, Status
from openakimat.problems.services.reporting import NewReport, report_create
from openakimat.territory.models import Akimat, Department, Territory

# code, department kind, anonymous allowed, days to fix, (en, ru, kk), description (en, ru, kk)
CATEGORIES = [
    (
        "roads",
        "construction",
        False,
        14,
        ("Roads and pavements", "Дороги и тротуары", "Жолдар мен тротуарлар"),
        (
            "Potholes, broken kerbs and pavements.",
            "Ямы, разбитые бордюры и тротуары.",
            "Шұңқырлар, бұзылған жиектас пен тротуарлар.",
        ),
    ),
    (
        "lighting",
        "housing",
        True,
        7,
        ("Street lighting", "Уличное освещение", "Көше жарығы"),
        (
            "A street light that is dark or blinking.",
            "Не горит или мигает фонарь.",
            "Шам жанбайды немесе жыпылықтайды.",
        ),
    ),
    (
        "water",
        "housing",
        False,
        3,
        ("Water supply", "Водоснабжение", "Сумен жабдықтау"),
        (
            "No water, a leak, a broken standpipe.",
            "Нет воды, утечка, сломанная колонка.",
            "Су жоқ, ағып жатыр, су колонкасы бұзылған.",
        ),
    ),
    (
        "heating",
        "housing",
        False,
        2,
        ("Heating", "Отопление", "Жылу"),
        (
            "Cold radiators, a burst heating main.",
            "Холодные батареи, порыв теплотрассы.",
            "Суық радиаторлар, жылу құбырының жарылуы.",
        ),
    ),
    (
        "waste",
        "housing",
        True,
        5,
        ("Waste", "Мусор", "Қоқыс"),
        (
            "Overflowing bins, an illegal dump.",
            "Переполненные контейнеры, стихийная свалка.",
            "Толып кеткен контейнерлер, рұқсатсыз қоқыс үйіндісі.",
        ),
    ),
    (
        "snow",
        "construction",
        True,
        2,
        ("Snow clearing", "Уборка снега", "Қар тазалау"),
        (
            "A street or a path not cleared of snow.",
            "Не расчищена от снега улица или дорожка.",
            "Көше немесе жол қардан тазаланбаған.",
        ),
    ),
    (
        "animals",
        "agriculture",
        True,
        7,
        ("Stray animals", "Безнадзорные животные", "Қараусыз жануарлар"),
        (
            "Stray dogs, loose livestock on the road.",
            "Бродячие собаки, скот без присмотра на дороге.",
            "Қаңғыбас иттер, жолдағы қараусыз мал.",
        ),
    ),
]

# category, village index, (north, east) offset in 1/10000 degree, days ago, what happened since, text
REPORTS = [
    ("roads", 0, (12, -8), 20, "closed", "Deep pothole at the bus stop"),
    ("roads", 0, (-5, 14), 12, "fixed", "Pavement broken by the school"),
    ("roads", 1, (3, 3), 9, "in_progress", "Potholes along the main street"),
    ("roads", 2, (-9, 2), 6, "accepted", "Road edge washed away"),
    ("roads", 3, (4, -11), 2, "", "Pothole by the shop"),
    ("roads", 4, (0, 6), 1, "", "Broken kerb at the crossing"),
    ("lighting", 0, (7, 7), 15, "", "Three street lights dark on the central street"),
    ("lighting", 1, (-3, 9), 8, "accepted", "Light blinking all night by the club"),
    ("lighting", 2, (6, -4), 3, "", "No light at the bus stop"),
    ("lighting", 5, (2, 2), 1, "", "Street light pole leaning"),
    ("water", 0, (-10, -3), 4, "accepted", "Standpipe leaking for a week"),
    ("water", 3, (5, 5), 2, "", "No water in the evenings"),
    ("water", 6, (-2, 8), 1, "", "Broken standpipe handle"),
    ("heating", 0, (9, -12), 7, "accepted", "Cold radiators in the clinic"),
    ("heating", 1, (0, -6), 2, "", "Steam from the heating main by the road"),
    ("waste", 0, (-7, 10), 10, "", "Bins not emptied for two weeks"),
    ("waste", 2, (11, 0), 5, "", "Rubbish dumped at the edge of the village"),
    ("waste", 4, (-4, -4), 3, "accepted", "Overflowing bins by the flats"),
    ("waste", 7, (3, -7), 1, "", "Bottles and bags by the river"),
    ("snow", 0, (1, 15), 14, "fixed", "Path to the school not cleared"),
    ("snow", 1, (-6, -6), 9, "closed", "Street snowed in, cars cannot pass"),
    ("snow", 3, (8, 4), 4, "in_progress", "Snow piled over the crossing"),
    ("snow", 5, (-3, 3), 2, "", "Bus stop not cleared"),
    ("snow", 6, (5, -2), 1, "", "Ice on the pavement by the shop"),
    ("animals", 0, (-12, 5), 11, "", "A pack of stray dogs by the school"),
    ("animals", 2, (2, 12), 6, "", "Cows on the road at night"),
    ("animals", 4, (6, 6), 3, "", "Stray dogs by the playground"),
    ("roads", 6, (-8, 8), 25, "closed", "Pothole on the bridge approach"),
    ("roads", 7, (4, 4), 5, "fixed", "Sunken manhole on the road"),
    ("lighting", 3, (-1, -9), 16, "", "Whole street dark since the storm"),
]


def _categories(akimat: Akimat) -> dict[str, Category]:
    found = {}
    for order, (code, kind, anonymous, days, names, descriptions) in enumerate(CATEGORIES, start=1):
        department = Department.objects.filter(akimat=akimat, kind=kind).first()
        if department is None:
            continue
        found[code], _created = Category.objects.update_or_create(
            akimat=akimat,
            code=code,
            defaults={
                "department": department,
                "anonymous_allowed": anonymous,
                "days_to_fix": days,
                "order": order,
                "name_en": names[0],
                "name_ru": names[1],
                "name_kk": names[2],
                "description_en": descriptions[0],
                "description_ru": descriptions[1],
                "description_kk": descriptions[2],
            },
        )
    return found


def _villages(akimat: Akimat) -> list[Territory]:
    return list(
        Territory.objects.filter(path__startswith=akimat.territory.path, centre_lat__isnull=False)
        .exclude(pk=akimat.territory_id)
        .order_by("kato")[:8]
    ) or [akimat.territory]


def load(actor: object, akimat: Akimat) -> None:
    categories = _categories(akimat)
    if Report.objects.filter(akimat=akimat).exists():
        return
    villages = _villages(akimat)
    akim = User.objects.filter(username="demo.akim").first()
    head = User.objects.filter(username="demo.head").first()
    now = timezone.now()
    for n, (code, village_index, (north, east), days_ago, since, text) in enumerate(REPORTS, start=1):
        category = categories.get(code)
        village = villages[village_index % len(villages)]
        if category is None or village.centre_lat is None or village.centre_lon is None:
            continue
        anonymous = category.anonymous_allowed and n % 3 == 0
        created = report_create(
            NewReport(
                category=category,
                description=f"ДЕМО / DEMO: {text} (invented for the demonstration)",
                lat=(Decimal(village.centre_lat) + Decimal(north) / 10000).quantize(Decimal("0.000001")),
                lon=(Decimal(village.centre_lon) + Decimal(east) / 10000).quantize(Decimal("0.000001")),
                territory=village,
                name="" if anonymous else f"Demo resident {n}",
                phone="" if anonymous else f"+770000000{n:02d}",
                anonymous=anonymous,
                language=("kk", "ru", "en")[n % 3],
            )
        )
        report = created.report
        if since and akim is not None:
            _follow_up(report, since, akim, head if category.department.kind == "construction" else None, created.token)
        when = now - timedelta(days=days_ago)
        Report.objects.filter(pk=report.pk, created_at__gt=when).update(created_at=when)
        report.updates.filter(status="open").update(at=when)


def _follow_up(report: Report, since: str, akim: User, head: User | None, token: str) -> None:
    """Accept the report as an instruction, and move it on as far as `since` says (work and the fix
    only in the construction department, whose head the demo has)."""
    from openakimat.problems.services.reporting import report_confirm_fixed

    instruction = control.instruction_create(
        actor=akim,
        source=report,
        akimat=report.akimat,
        department=report.category.department,
        title=f"ДЕМО / DEMO: {report.category.name_en} — #{report.pk}",
        deadline=timezone.localdate() + timedelta(days=report.category.days_to_fix),
        territory=report.territory,
    )
    # What triage's accept does to the report (problems.services.triage, on the staff side).
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(status=Status.ACCEPTED, status_changed_at=now)
    ReportUpdate.objects.create(report=report, at=now, status=Status.ACCEPTED)
    if since == "accepted" or head is None:
        return
    control.instruction_start(actor=head, instruction=instruction)
    if since == "in_progress":
        return
    control.instruction_complete(actor=head, instruction=instruction, result="ДЕМО / DEMO: repaired (invented)")
    if since == "closed" and token:
        report_confirm_fixed(pk=report.pk, token=token)

"""Budgets for the read-side tests (selectors, exports, API): the region has no budget loaded; the
Akzhar and Aiyrtau districts have theirs; the Talshik and Kenes rural okrugs under Akzhar have
their own; Talshik's village Kulan has a road project, Kenes a school roof. Two years: 2025 fully
paid, 2026 under way."""

from datetime import date
from decimal import Decimal

import pytest

from conftest import make_territory
from openakimat.budget.models import Classification, Project, ProjectFunding, ProjectStatus
from openakimat.budget.services import LineData, budget_replace, classification_load
from openakimat.common.actor import SystemActor
from openakimat.territory.models import TerritoryLevel

SYSTEM = SystemActor("tests")
D = Decimal

CLASSIFICATION = [
    ("01", "Жалпы сипаттағы мемлекеттік қызметтер", "Государственные услуги", "General public services"),
    ("01.1", "Өкілді, атқарушы органдар", "Представительные органы", "Representative bodies"),
    ("01.1.123", "Әкім аппараты", "Аппарат акима", "Akim's office"),
    ("01.1.123.001", "Әкім аппаратының қызметі", "Услуги аппарата акима", "Akim's office services"),
    ("04", "Білім беру", "Образование", "Education"),
    ("04.2", "Бастауыш, орта білім", "Начальное, среднее образование", "Primary and secondary education"),
    ("04.2.464", "Білім бөлімі", "Отдел образования", "Education department"),
    ("04.2.464.003", "Жалпы білім беру", "Общеобразовательное обучение", "General education"),
    ("04.2.464.003.011", "Республикалық бюджет", "Республиканский бюджет", "Republican budget"),
    ("04.2.464.003.015", "Жергілікті бюджет", "Местный бюджет", "Local budget"),
    ("07", "Тұрғын үй-коммуналдық шаруашылық", "ЖКХ", "Housing and communal services"),
    ("07.3", "Елді мекендерді абаттандыру", "Благоустройство", "Improvement of settlements"),
    ("07.3.123", "Әкім аппараты", "Аппарат акима", "Akim's office"),
    ("07.3.123.008", "Көшелерді жарықтандыру", "Освещение улиц", "Street lighting"),
    ("12", "Көлік және коммуникация", "Транспорт и коммуникации", "Transport and communications"),
    ("12.1", "Автомобиль көлігі", "Автомобильный транспорт", "Road transport"),
    ("12.1.123", "Әкім аппараты", "Аппарат акима", "Akim's office"),
    ("12.1.123.013", "Жолдарды күтіп ұстау", "Содержание дорог", "Road maintenance"),
]


def district_lines(scale: int, paid_share: Decimal) -> list[LineData]:
    def line(code, amount, economic="", months=(3, 6, 9)):
        amount = D(amount) * scale
        paid = (amount * paid_share).quantize(D("0.01"))
        part = (paid / len(months)).quantize(D("0.01"))
        monthly = dict.fromkeys(months, part)
        monthly[months[-1]] += paid - part * len(months)
        return LineData(code, economic, approved=amount, adjusted=amount + 1000, contracted=amount, monthly=monthly)

    return [
        line("01.1.123.001", "120000.50", "111"),
        line("01.1.123.001", "30000", "121"),
        line("04.2.464.003.011", "900000"),
        line("04.2.464.003.015", "450000.25"),
        line("12.1.123.013", "200000", months=(5, 6, 7, 8)),
    ]


def okrug_lines(scale: int, paid_share: Decimal) -> list[LineData]:
    amount = D(10000) * scale
    paid = (amount * paid_share).quantize(D("0.01"))
    return [
        LineData("01.1.123.001", approved=amount, adjusted=amount, contracted=amount, monthly={1: paid}),
        LineData("07.3.123.008", approved=amount * 2, adjusted=amount * 2, contracted=D(0), monthly={}),
        LineData(
            "12.1.123.013",
            approved=amount * 3,
            adjusted=amount * 4,
            contracted=amount * 4,
            monthly={4: amount * 2, 5: amount * 3},
        ),
    ]


class Cast:
    """What the budget cast holds, by name."""


@pytest.fixture(name="budget_cast")
def budget_cast_fixture(region, akzhar, aiyrtau, talshik_okrug):
    classification_load(actor=SYSTEM, rows=CLASSIFICATION)
    c = Cast()
    c.region, c.akzhar, c.aiyrtau, c.talshik = region, akzhar, aiyrtau, talshik_okrug
    region.population, akzhar.population, aiyrtau.population, talshik_okrug.population = 540000, 15000, 33000, 2500
    for t in (region, akzhar, aiyrtau, talshik_okrug):
        t.save(update_fields=["population"])
    c.kenes = make_territory(
        "593440000",
        TerritoryLevel.RURAL_OKRUG,
        akzhar,
        "Kenes rural okrug",
        "Кенесский с.о.",
        "Кеңес ауылдық округі",
        53.5,
        72.1,
    )
    c.kulan = make_territory(
        "593430100", TerritoryLevel.VILLAGE, talshik_okrug, "Kulan village", "село Кулан", "Құлан ауылы", 53.61, 71.95
    )
    c.akzhar.boundary = {"type": "Polygon", "coordinates": [[[71, 53], [72.5, 53], [72.5, 54], [71, 54], [71, 53]]]}
    c.akzhar.save(update_fields=["boundary"])
    for year, share in ((2025, D(1)), (2026, D("0.25"))):
        budget_replace(actor=SYSTEM, territory=akzhar, year=year, version=0, lines=district_lines(1, share))
        budget_replace(actor=SYSTEM, territory=aiyrtau, year=year, version=0, lines=district_lines(2, share))
        budget_replace(actor=SYSTEM, territory=talshik_okrug, year=year, version=0, lines=okrug_lines(1, share))
        budget_replace(actor=SYSTEM, territory=c.kenes, year=year, version=0, lines=okrug_lines(2, share))
    # An adjustment of Akzhar's 2026 budget: only the current version counts.
    budget_replace(actor=SYSTEM, territory=akzhar, year=2026, version=1, lines=district_lines(1, D("0.3")))
    road = Classification.objects.get(code="12.1.123.013")
    school = Classification.objects.get(code="04.2.464.003.015")
    c.road = Project.objects.create(
        slug="kulan-road-2026",
        territory=c.kulan,
        name_kk="Құлан жолы",
        name_ru="Дорога Кулан",
        name_en="Kulan village road repair",
        lat=D("53.61"),
        lon=D("71.95"),
        contractor_name="Zhol LLP",
        contractor_bin="123456789012",
        contract_amount=D("45000000.00"),
        contract_date=date(2026, 4, 1),
        progress=40,
        status=ProjectStatus.IN_PROGRESS,
    )
    ProjectFunding.objects.create(
        project=c.road, territory=talshik_okrug, year=2026, classification=road, amount=D("30000000")
    )
    ProjectFunding.objects.create(
        project=c.road, territory=akzhar, year=2026, classification=road, amount=D("15000000")
    )
    c.roof = Project.objects.create(
        slug="kenes-school-roof",
        territory=c.kenes,
        name_kk="Мектеп шатыры",
        name_ru="Крыша школы",
        name_en="Kenes school roof",
        lat=None,
        lon=None,
        progress=100,
        status=ProjectStatus.COMPLETED,
        contract_amount=D("12000000"),
    )
    ProjectFunding.objects.create(
        project=c.roof, territory=akzhar, year=2025, classification=school, amount=D("12000000")
    )
    return c


# Test modules import the fixture by this name.
budget_cast = budget_cast_fixture

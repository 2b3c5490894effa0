"""The akimat's page: contacts, the akim's office, where it is, the services rendered there (or
where an okrug's residents apply), departments, budget, and the territories above and below —
with nothing shown as a dash, and in a fixed number of queries."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from conftest import make_akimat, make_department, make_territory
from openakimat.budget.models import Budget
from openakimat.catalogue.models import PublicService, ServiceOffering
from openakimat.common.actor import SystemActor
from openakimat.territory.models import AkimatKind, TerritoryLevel
from openakimat.territory.services import akimat_update

SYSTEM = SystemActor("test")
AKZHAR_PAGE = "/en/akimats/593400000/"
OKRUG_PAGE = "/en/akimats/593430000/"


def service(code: str, kind: str = "construction") -> PublicService:
    return PublicService.objects.create(
        code=code,
        department_kind=kind,
        name_en=f"Service {code}",
        name_ru=f"Услуга {code}",
        name_kk=f"Қызмет {code}",
        term_value=5,
        term_unit="working_days",
    )


@pytest.fixture
def district(akzhar_akimat, akzhar_construction, talshik_akimat):
    """Akzhar with its construction department offering two services, and one okrug (Talshik)
    with two villages and no services of its own."""
    for code in ("CONS-01", "CONS-02"):
        ServiceOffering.objects.create(service=service(code), department=akzhar_construction)
    okrug = talshik_akimat.territory
    make_territory("593430100", TerritoryLevel.VILLAGE, okrug, "Talshik", "Талшик", "Талшық", 53.637, 71.874)
    make_territory("593430200", TerritoryLevel.VILLAGE, okrug, "Kazanskoye", "Казанское", "Казан")
    return akzhar_akimat


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_okrug_page_without_details_shows_no_dashes_and_says_what_is_missing(client, district):
    html = html_of(client, OKRUG_PAGE)
    main = html[html.index("<main") : html.index("</main>")]
    assert "—</dd>" not in main and "<dd>—" not in main and "<dd></dd>" not in main
    assert "has not published its address, phone or hours" in main
    assert '<a href="/en/akimats/593400000/">Akzhar district</a>' in main  # where else to turn


def test_an_okrug_page_says_where_its_residents_apply_and_lists_those_services(client, district):
    html = html_of(client, OKRUG_PAGE)
    assert "Applications for public services are not taken here" in html
    assert "Akimat of Akzhar district" in html and "15 Tselinnaya street, Talshik" in html
    assert "The 2 public services offered there" in html
    assert '<a href="/en/services/CONS-01/">Service CONS-01</a>' in html


def test_an_okrug_page_lists_its_villages_and_its_district(client, district):
    html = html_of(client, OKRUG_PAGE)
    assert "2 territories within it" in html
    assert re.search(r"<li>Talshik <span[^>]*>\(village\)</span></li>", html)
    assert "Kazanskoye" in html
    assert re.search(r"<dt>Part of</dt><dd><a href=\"/en/akimats/593400000/\">Akzhar district</a></dd>", html)


def test_a_district_page_lists_its_own_services_by_department_and_its_okrugs(client, district):
    html = html_of(client, AKZHAR_PAGE)
    services = html[html.index('id="services-heading"') : html.index('id="departments-heading"')]
    assert f"<h3>{district.departments.get().name_en}</h3>" in services
    assert services.count('href="/en/services/CONS-') == 2
    assert "not taken here" not in services
    assert '<a href="/en/akimats/593430000/">Talshik rural okrug</a>' in html


def test_contacts_the_akims_office_and_the_map_point_when_given(client, district):
    akimat_update(
        actor=SYSTEM,
        akimat=district,
        phone="8 71546 0 00 10",
        email="akzhar.demo@example.kz",
        website="https://akzhar.demo.example.kz/",
        hours_en="Monday to Friday 09:00–18:30",
        location_lat=Decimal("53.63650"),
        location_lon=Decimal("71.87510"),
        akim_name_en="Askar Akim",
        reception_en="Tuesdays 10:00–13:00",
    )
    html = html_of(client, AKZHAR_PAGE)
    assert '<a href="tel:+77154600010">+7 71546 0 00 10</a>' in html
    assert 'href="mailto:akzhar.demo@example.kz"' in html
    assert 'href="https://akzhar.demo.example.kz/"' in html
    assert "<dt>Akim</dt><dd>Askar Akim</dd>" in html
    assert "<dt>Reception of residents</dt><dd>Tuesdays 10:00–13:00</dd>" in html
    assert "openstreetmap.org/?mlat=53.63650&amp;mlon=71.87510" in html
    assert re.search(r'<script id="akimat-map-data" type="application/json">\{"lat": 53\.6365, "lon": 71\.8751', html)
    assert "js/akimat-map.js" in html
    assert "The position on the map is approximate" not in html and "centre of Akzhar" not in html


def test_without_its_own_position_the_map_shows_the_territory_centre_and_says_so(client, district):
    html = html_of(client, AKZHAR_PAGE)
    assert "The point shows the centre of Akzhar district, not the building." in html
    assert "openstreetmap.org/?mlat=53.63700&amp;mlon=71.87400" in html


def test_without_any_position_there_is_no_map(client, district):
    make_akimat(make_territory("593430300", TerritoryLevel.VILLAGE, district.territory, "Ulgili"), AkimatKind.VILLAGE)
    html = html_of(client, "/en/akimats/593430300/")
    assert "akimat-map" not in html and "openstreetmap" not in html
    assert "location is not published yet." in html


def test_the_budget_link_appears_only_when_a_budget_is_published(client, district):
    html = html_of(client, AKZHAR_PAGE)
    assert "No budget of this territory is published here yet." in html
    Budget.objects.create(territory=district.territory, year=2026, version=0)
    Budget.objects.create(territory=district.territory, year=2025, version=0)
    html = html_of(client, AKZHAR_PAGE)
    assert '<a href="/en/budget/593400000/">The open budget of Akzhar district</a>' in html
    assert "years 2026, 2025" in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_page_speaks_each_language(client, district, lang):
    html = html_of(client, f"/{lang}/akimats/593430000/")
    assert f'<html lang="{lang}"' in html
    assert {"kk": "Ақжар ауданы", "ru": "Акжарский район", "en": "Akzhar district"}[lang] in html


def test_the_page_costs_the_same_queries_however_many_villages_services_and_departments(client, district):
    with CaptureQueriesContext(connection) as small:
        html_of(client, OKRUG_PAGE)
        html_of(client, AKZHAR_PAGE)
    okrug = district.territory.children.get()
    for n in range(3, 15):
        make_territory(f"5934301{n:02d}", TerritoryLevel.VILLAGE, okrug, f"Village {n}")
    for kind in ("education", "housing", "agriculture"):
        department = make_department(district, kind)
        for i in range(4):
            ServiceOffering.objects.create(service=service(f"{kind[:3].upper()}-{i}", kind), department=department)
    for code in ("593432000", "593433000", "593435000"):
        make_akimat(make_territory(code, TerritoryLevel.RURAL_OKRUG, district.territory, code), AkimatKind.RURAL_OKRUG)
    Budget.objects.create(territory=district.territory, year=2026, version=0)
    with CaptureQueriesContext(connection) as large:
        okrug_html = html_of(client, OKRUG_PAGE)
        district_html = html_of(client, AKZHAR_PAGE)
    assert "14 territories within it" in okrug_html and "4 territories within it" in district_html
    assert "The 14 public services offered there" in okrug_html
    # Each page: the akimat, its departments, the ancestors, the children, the services, the budget
    # years, the meetings live now or soon (meetings/live.py), the pinned news, the queue now
    # (queueing.selectors.current_wait_of_akimat), and what apps above publish about the akimat
    # (common.publish "territory.akimat": the queue's hall, the residents' ratings).
    assert len(large) == len(small) == 2 * 11


def test_akimat_details_are_checked_when_changed(district):
    with translation.override("en"), pytest.raises(ValidationError) as lat_only:
        akimat_update(actor=SYSTEM, akimat=district, location_lat=Decimal("53.6"))
    assert "latitude and longitude" in str(lat_only.value)
    with translation.override("kk"), pytest.raises(ValidationError) as in_kazakh:
        akimat_update(actor=SYSTEM, akimat=district, location_lon=Decimal("71.8"))
    assert "Ендік пен бойлықты" in str(in_kazakh.value)
    with pytest.raises(ValidationError):
        akimat_update(actor=SYSTEM, akimat=district, website="javascript:alert(1)")
    with pytest.raises(ValidationError):
        akimat_update(actor=SYSTEM, akimat=district, location_lat=Decimal("95"), location_lon=Decimal("71"))
    district.refresh_from_db()
    assert district.location_lat is None and district.website == ""

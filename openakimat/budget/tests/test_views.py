"""The open-budget pages: a resident reads a territory's budget with its map and charts, the same
data as tables without JavaScript, and a project's page."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openakimat.budget.models import ProgressReport, ProjectFile

from .budget_cast import budget_cast_fixture  # noqa: F401 — the fixture "budget_cast"

REGION = "/{lang}/budget/590000000/"
AKZHAR = "/{lang}/budget/593400000/"
TALSHIK = "/{lang}/budget/593430000/"


def text_of(html: str) -> str:
    """The page's text with tags dropped and spaces (also no-break and narrow) made plain."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def table(html: str, table_id: str) -> list[list[str]]:
    """The rows of a table as lists of cell texts (header cells included)."""

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside = False
            self.rows: list[list[str]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "table" and dict(attrs).get("id") == table_id:
                self.inside = True
            elif self.inside and tag == "tr":
                self.rows.append([])
            elif self.inside and tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag == "table":
                self.inside = False
            elif self.inside and tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(re.sub(r"[\s\u00a0\u202f]+", " ", "".join(self.cell)).strip())
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    parser = Cells()
    parser.feed(html)
    assert parser.rows, f"no table #{table_id}"
    return parser.rows


def map_data(html: str) -> dict:
    found = re.search(r'<script id="budget-map-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the page embeds no map data"
    return json.loads(found.group(1))


def test_budget_home_redirects_to_the_region(client, budget_cast):
    response = client.get("/en/budget/")
    assert response.status_code == 302
    assert response["Location"] == "/en/budget/590000000/"


def test_region_page_shows_the_sum_of_the_district_budgets(client, budget_cast):
    response = client.get(REGION.format(lang="en") + "?year=2025&phase=approved")
    assert response.status_code == 200
    html = response.content.decode()
    rows = table(html, "children-table")
    names = [r[0] for r in rows[1:]]
    assert names == ["Aiyrtau district", "Akzhar district"]
    # Akzhar's approved 2025 budget: 120000.50 + 30000 + 900000 + 450000.25 + 200000 = 1,700,000.75 tenge;
    # Aiyrtau's is twice that. Whole tenge, grouped the English way.
    akzhar = rows[2]
    assert akzhar[1] == "1,700,001"
    assert rows[1][1] == "3,400,002"
    assert "5,100,002" in text_of(html)  # the region: the sum of its districts, its own not loaded
    assert "own budget has not been loaded" in html
    # Per resident: 1,700,000.75 / 15,000 = 113.33.
    assert akzhar[2] == "113"
    # 2025 is past and fully paid: 1,700,000.75 of an adjusted plan of 1,705,000.75 ≈ 99.7 %, on plan.
    assert akzhar[3] == "99.7 %"
    assert akzhar[4] == "On plan"


def test_each_child_links_to_its_page_keeping_the_state(client, budget_cast):
    html = client.get(REGION.format(lang="ru") + "?year=2025&phase=paid&per_capita=1").content.decode()
    assert 'href="/ru/budget/593400000/?year=2025&amp;phase=paid&amp;per_capita=1"' in html
    data = map_data(html)
    akzhar = next(c for c in data["children"] if c["kato"] == "593400000")
    assert akzhar["url"] == "/ru/budget/593400000/?year=2025&phase=paid&per_capita=1"
    assert akzhar["geometry"]["type"] == "Polygon"  # its boundary was imported
    aiyrtau = next(c for c in data["children"] if c["kato"] == "593200000")
    assert aiyrtau["geometry"] is None and aiyrtau["lat"] == pytest.approx(53.293)
    # Per resident: the map sizes by amount per resident.
    assert akzhar["value"] == pytest.approx(1700000.75 / 15000, abs=0.01)
    assert akzhar["status_label"] == "По плану"  # the page language, Russian


def test_the_form_keeps_the_state_and_works_without_javascript(client, budget_cast):
    html = client.get(AKZHAR.format(lang="en") + "?year=2025&phase=contracted&per_capita=1").content.decode()
    assert '<form class="search-form budget-state" method="get" action="/en/budget/593400000/">' in html
    assert '<option value="2025" selected>2025</option>' in html
    assert '<option value="2026">2026</option>' in html
    assert '<option value="contracted" selected>' in html
    assert 'name="per_capita" value="1" checked' in html
    assert 'href="/en/budget/593400000/table/?year=2025&amp;phase=contracted&amp;per_capita=1"' in html


def test_district_page_has_charts_and_the_same_numbers_in_tables(client, budget_cast):
    html = client.get(AKZHAR.format(lang="en") + "?year=2025&phase=approved").content.decode()
    # The charts are bar lists: each label and amount is text, the bars are hidden pictures of them.
    assert '<figcaption id="groups-chart-title">Approved by functional group in 2025, tenge</figcaption>' in html
    chart = html.split('id="groups-chart"')[1].split("</figure>")[0]
    assert re.findall(r'<span class="bar-list-label">([^<]+)</span>', chart) == [
        "01 General public services",
        "04 Education",
        "12 Transport and communications",
    ]
    assert '<span class="bar-list-value">1,350,000</span>' in chart
    months_chart = html.split('id="monthly-chart"')[1].split("</figure>")[0]
    assert months_chart.count("<li>") == 12 and '<span class="bar-list-label">January</span>' in months_chart
    # The tables with the same numbers (and the codes, shares and execution) are folded under them.
    assert html.count('<details class="table-details">') == 2
    groups = table(html, "groups-table")
    assert [r[0] for r in groups[1:]] == ["01", "04", "12"]
    assert groups[2][1] == "Education" and groups[2][2] == "1,350,000"
    months = table(html, "monthly-table")
    assert len(months) == 13  # the header and twelve months
    assert months[1][0] == "January"
    # The district's okrugs are its children; the village project of Talshik is listed.
    children = table(html, "children-table")
    assert [r[0] for r in children[1:]] == ["Talshik rural okrug", "Kenes rural okrug"]
    projects = table(html, "projects-table")
    assert projects[1][0] == "Kenes school roof"  # the 2025 project


def test_current_year_is_the_default_and_projects_have_markers(client, budget_cast):
    html = client.get(TALSHIK.format(lang="en")).content.decode()
    assert '<option value="2026" selected>2026</option>' in html
    data = map_data(html)
    assert data["children"] == []  # Kulan village has no budget of its own
    [road] = data["projects"]
    assert road == {
        "name": "Kulan village road repair",
        "url": "/en/budget/projects/kulan-road-2026/",
        "lat": 53.61,
        "lon": 71.95,
        "progress": 40,
        "status_label": "Works in progress",
        "overdue": False,
    }
    assert 'href="/en/budget/projects/kulan-road-2026/"' in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pages_speak_each_language(client, budget_cast, settings, lang):
    # Kazakh number formats come from openakimat/formats (settings.FORMAT_MODULE_PATH).
    settings.FORMAT_MODULE_PATH = ["openakimat.formats"]
    html = client.get(AKZHAR.format(lang=lang) + "?year=2025").content.decode()
    assert f'<html lang="{lang}"' in html
    name = {"kk": "Ақжар ауданы", "ru": "Акжарский район", "en": "Akzhar district"}[lang]
    assert "<h1>" in html and name in html
    children = table(html, "children-table")
    grouped = children[1][1]
    # Digits are grouped the language's way: a space (no-break) in Kazakh and Russian, a comma in English.
    assert re.fullmatch(r"\d{1,3}([ ,]\d{3})+", grouped), grouped
    assert ("," in grouped) == (lang == "en")


def test_unknown_territory_is_404(client, budget_cast):
    assert client.get("/en/budget/599999999/").status_code == 404
    assert client.get("/en/budget/59340000/").status_code == 404  # not nine digits: no such page


@pytest.mark.parametrize(
    "query,status",
    [
        ("year=20x5", 400),
        ("year=1999", 404),
        ("year=2031", 404),
        ("phase=spent", 400),
        ("per_capita=maybe", 400),
    ],
)
def test_bad_state_in_the_url_is_a_clear_4xx(client, budget_cast, query, status):
    response = client.get(AKZHAR.format(lang="en") + "?" + query)
    assert response.status_code == status
    if status == 400:
        assert 'id="budget-error"' in response.content.decode()


def test_bad_sort_is_400(client, budget_cast):
    response = client.get(AKZHAR.format(lang="en") + "table/?sort=colour")
    assert response.status_code == 400


def test_territory_without_budgets_or_projects_says_so(client, budget_cast):
    from conftest import make_territory
    from openakimat.territory.models import TerritoryLevel

    make_territory("593430300", TerritoryLevel.VILLAGE, budget_cast.kulan.parent, "Zhanatalap village")
    html = client.get("/en/budget/593430300/").content.decode()
    assert 'id="budget-empty"' in html
    assert "budget-map-data" not in html
    assert "leaflet.js" not in html


def test_village_without_a_budget_of_its_own_shows_its_projects_and_who_pays(client, budget_cast):
    html = client.get("/en/budget/593430100/").content.decode()  # Kulan village: a road, no budget
    assert 'id="budget-empty"' not in html
    assert (
        '<p id="budget-none-own">No budget of Kulan village itself has been loaded for 2026. '
        "The projects located here are listed below with the budget that pays for each.</p>"
    ) in html
    [header, road] = table(html, "projects-table")
    assert header[2] == "Paid by"
    # The road is paid by the okrug and the district: both named, with their shares.
    assert road[0] == "Kulan village road repair"
    assert road[2] == "Talshik rural okrug (30,000,000); Akzhar district (15,000,000)"
    # Nothing to draw: no map, no charts, no map script.
    assert "leaflet" not in html and "budget-map-data" not in html and 'id="groups-chart"' not in html
    # The project's page leads back to the village, which is not a dead end any more.
    project = client.get("/en/budget/projects/kulan-road-2026/").content.decode()
    assert 'href="/en/budget/593430100/"' in project


def test_projects_show_payer_paid_so_far_and_an_overdue_flag(client, budget_cast):
    road = budget_cast.road
    road.paid_to_date = Decimal("18000000")
    road.planned_end = timezone.localdate() - timedelta(days=1)  # passed, still in progress
    road.save(update_fields=["paid_to_date", "planned_end"])
    roof = budget_cast.roof
    roof.planned_end = date(2025, 8, 1)  # passed too, but completed: not overdue
    roof.save(update_fields=["planned_end"])

    html = client.get(AKZHAR.format(lang="en") + "?year=2026").content.decode()
    [header, row] = table(html, "projects-table")
    assert header[5] == "Paid so far, tenge" and row[5] == "18,000,000"
    assert row[3] == "Works in progress Overdue"
    assert 'class="tag tag-red project-overdue">Overdue</strong>' in html
    html = client.get(AKZHAR.format(lang="en") + "?year=2025").content.decode()
    [_, roof_row] = table(html, "projects-table")
    assert roof_row[3] == "Completed" and roof_row[5] == "—"
    assert roof_row[2] == "Akzhar district"  # one payer: no amount repeated
    # And in Kazakh.
    html = client.get(AKZHAR.format(lang="kk") + "?year=2026").content.decode()
    assert "Мерзімі өтіп кеткен" in html
    # The project's own page says the same, with the share of the contract paid.
    page = client.get("/en/budget/projects/kulan-road-2026/").content.decode()
    assert 'class="tag tag-red project-overdue">Overdue</strong>' in page
    assert "<dt>Paid so far</dt><dd>18,000,000&nbsp;tenge (40&nbsp;% of the contract)</dd>" in page
    roof_page = client.get("/en/budget/projects/kenes-school-roof/").content.decode()
    assert "project-overdue" not in roof_page and "<dt>Paid so far</dt><dd>—</dd>" in roof_page


def test_table_page_filters_projects_by_village_status_and_kind(client, budget_cast):
    from openakimat.budget.models import Classification, Project, ProjectFunding

    lights = Project.objects.create(
        slug="kenes-lights", territory=budget_cast.kenes, name_en="Kenes street lights", status="planned"
    )
    ProjectFunding.objects.create(
        project=lights,
        territory=budget_cast.kenes,
        year=2026,
        classification=Classification.objects.get(code="07.3.123.008"),
        amount=Decimal("2000000"),
    )
    url = AKZHAR.format(lang="en") + "table/?year=2026"
    html = client.get(url).content.decode()
    listed = sorted(r[0] for r in table(html, "projects-table")[1:])
    assert listed == ["Kenes street lights", "Kulan village road repair"]
    assert '<option value="12">12 Transport and communications</option>' in html
    assert '<option value="07">07 Housing and communal services</option>' in html

    def names(query):
        page = client.get(url + query)
        assert page.status_code == 200
        return [r[0] for r in table(page.content.decode(), "projects-table")[1:]]

    assert names("&village=593430100") == ["Kulan village road repair"]
    assert names("&status=planned") == ["Kenes street lights"]
    assert names("&group=12") == ["Kulan village road repair"]
    page = client.get(url + "&group=12&status=planned").content.decode()
    assert 'id="projects-none-match"' in page and 'id="project-filter-clear"' in page
    # A choice that is not on offer is a clear 400, not an empty list or an error page.
    for bad in ("&village=999999999", "&status=lost", "&group=99", "&village=%00"):
        response = client.get(url + bad)
        assert response.status_code == 400, bad


def test_table_view_is_complete_without_scripts(client, budget_cast):
    response = client.get(REGION.format(lang="en") + "table/?year=2025&phase=approved")
    assert response.status_code == 200
    html = response.content.decode()
    # No map or chart script: the only script is the shell's display settings, which only spare the
    # reload (they post as a plain form without it).
    assert re.findall(r'<script[^>]*src="([^"]+)"', html) == ["/static/js/display-settings.js"]
    assert "<script>" not in html and "leaflet" not in html
    for table_id in ("children-table", "groups-table", "monthly-table"):
        assert f'id="{table_id}"' in html
    assert '<caption id="children-caption">Territories within North Kazakhstan region: Approved, 2025</caption>' in html
    assert '<th scope="col"' in html and '<th scope="row">' in html
    # Links lead to the table pages of the territories, keeping the state.
    assert 'href="/en/budget/593400000/table/?year=2025&amp;phase=approved"' in html
    assert 'href="/en/budget/593400000/?year=2025&amp;phase=approved"' not in html.split('id="children-table"')[1]


def test_table_view_sorts_on_the_server(client, budget_cast):
    url = REGION.format(lang="en") + "table/?year=2025&phase=approved"
    by_name = table(client.get(url).content.decode(), "children-table")
    assert [r[0] for r in by_name[1:]] == ["Aiyrtau district", "Akzhar district"]
    html = client.get(url + "&sort=-amount").content.decode()
    assert [r[0] for r in table(html, "children-table")[1:]] == ["Aiyrtau district", "Akzhar district"]
    html = client.get(url + "&sort=amount").content.decode()
    assert [r[0] for r in table(html, "children-table")[1:]] == ["Akzhar district", "Aiyrtau district"]
    assert 'aria-sort="ascending"' in html
    # The amount heading now reverses the order; the form keeps the sort.
    assert 'href="?year=2025&amp;phase=approved&amp;sort=-amount"' in html
    assert '<input type="hidden" name="sort" value="amount">' in html
    # Per resident: Akzhar (113) before Aiyrtau (3,400,001.5 / 33,000 = 103) when descending.
    html = client.get(url + "&sort=-per_capita").content.decode()
    assert [r[0] for r in table(html, "children-table")[1:]] == ["Akzhar district", "Aiyrtau district"]


def test_map_page_query_count_is_pinned(client, budget_cast, django_assert_max_num_queries):
    client.get(REGION.format(lang="en"))  # warm the session and the caches
    with CaptureQueriesContext(connection) as first:
        assert client.get(REGION.format(lang="en") + "?year=2025").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(AKZHAR.format(lang="en") + "?year=2026").status_code == 200
    # The region and a district: the same small number, whatever the number of territories.
    # (The territories a level down without a budget and the projects' payers are one query each.)
    assert len(first) <= 14, [q["sql"] for q in first.captured_queries]
    assert len(second) <= 14, [q["sql"] for q in second.captured_queries]
    with CaptureQueriesContext(connection) as table_view:
        assert client.get(REGION.format(lang="en") + "table/?year=2025&sort=amount").status_code == 200
    assert len(table_view) <= 12, [q["sql"] for q in table_view.captured_queries]


def test_tile_server_is_off_by_default_and_allowed_by_csp_when_set(client, budget_cast, settings):
    response = client.get(AKZHAR.format(lang="en"))
    assert 'data-tile-url=""' in response.content.decode()
    assert "tiles.example.kz" not in response["Content-Security-Policy"]

    settings.MAP_TILE_URL = "https://{s}.tiles.example.kz/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example"
    response = client.get(AKZHAR.format(lang="en"))
    html = response.content.decode()
    assert 'data-tile-url="https://{s}.tiles.example.kz/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="© Example"' in html
    img_src = next(d for d in response["Content-Security-Policy"].split(";") if d.strip().startswith("img-src"))
    assert "https://*.tiles.example.kz" in img_src


def test_project_page_shows_details_progress_photos_and_documents(client, budget_cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    road = budget_cast.road
    road.description_en = "Gravel road through the village, 2.4 km."
    road.procurement_ref = "GZ-2026-0412"
    road.save(update_fields=["description_en", "procurement_ref"])
    ProgressReport.objects.create(project=road, on=date(2026, 4, 20), progress=10, note_en="Site prepared")
    ProgressReport.objects.create(project=road, on=date(2026, 6, 1), progress=40)
    photo = ProjectFile(project=road, kind="photo", taken_on=date(2026, 6, 1), caption_en="Grading the road bed")
    photo.file.save("road.png", ContentFile(b"\x89PNG\r\n\x1a\nfake"), save=True)
    doc = ProjectFile(project=road, kind="document", taken_on=date(2026, 4, 1), caption_en="Contract")
    doc.file.save("contract.pdf", ContentFile(b"%PDF-1.4 fake"), save=True)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/budget/projects/kulan-road-2026/")
    assert response.status_code == 200
    # (the last: the residents' comments on it, from feedback through common.extras)
    assert len(queries) <= 10, [q["sql"] for q in queries.captured_queries]
    html = response.content.decode()
    page = text_of(html)
    assert "<h1>Kulan village road repair</h1>" in html
    assert '<progress id="project-progress" max="100" value="40">' in html
    assert '<label for="project-progress">' in html
    for fact in ("Zhol LLP", "123456789012", "45,000,000 tenge", "GZ-2026-0412", "Gravel road through the village"):
        assert fact in page, fact
    assert "Works in progress" in page
    # Progress over time: a chart and the same reports in a table.
    assert 'id="progress-chart"' in html
    reports = table(html, "progress-table")
    assert [r[1] for r in reports[1:]] == ["10 %", "40 %"]
    # The photo has its caption for alt text; both files are served by the app.
    photo_url = f"/en/budget/projects/kulan-road-2026/files/{photo.pk}/"
    assert f'<img src="{photo_url}" alt="Grading the road bed"' in html
    assert f'href="/en/budget/projects/kulan-road-2026/files/{doc.pk}/">Contract</a>' in html
    funding = table(html, "funding-table")
    assert len(funding) == 3
    # Breadcrumb from the region down to the village.
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    for href in ("/en/budget/590000000/", "/en/budget/593400000/", "/en/budget/593430000/", "/en/budget/593430100/"):
        assert f'href="{href}"' in crumbs
    # The residents' comments come from feedback, through common.extras (docs/comments.md).
    assert "residents' comments (0)" in page.casefold() and "write a comment" in page.casefold()


def test_project_files_are_served_with_caching(client, budget_cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = ProjectFile(project=budget_cast.road, kind="photo", taken_on=date(2026, 6, 1))
    photo.file.save("road.png", ContentFile(b"\x89PNG\r\n\x1a\nfake"), save=True)
    response = client.get(f"/en/budget/projects/kulan-road-2026/files/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age=" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    # A file of another project under this project's address: not found.
    assert client.get(f"/en/budget/projects/kenes-school-roof/files/{photo.pk}/").status_code == 404


def test_unknown_project_is_404(client, budget_cast):
    assert client.get("/en/budget/projects/no-such-project/").status_code == 404


def test_project_without_reports_or_files_says_so(client, budget_cast):
    html = client.get("/ru/budget/projects/kenes-school-roof/").content.decode()
    assert 'id="progress-chart"' not in html
    assert 'id="project-map"' not in html  # no coordinates: no map
    assert '<progress id="project-progress" max="100" value="100">' in html
    assert Decimal("12000000") == budget_cast.roof.contract_amount


def test_map_page_lists_the_first_projects_and_links_to_all_of_them(client, budget_cast, monkeypatch):
    from openakimat.budget import views
    from openakimat.budget.models import Classification, Project, ProjectFunding

    url = AKZHAR.format(lang="en") + "?year=2026"
    html = client.get(url).content.decode()
    assert [r[0] for r in table(html, "projects-table")[1:]] == ["Kulan village road repair"]
    assert 'id="all-projects-link"' not in html  # all of them are already listed

    # More projects than the map page lists: the first ones, and a link to the table page's full list.
    bridge = Project.objects.create(slug="akzhar-bridge", territory=budget_cast.kenes, name_en="Akzhar bridge")
    ProjectFunding.objects.create(
        project=bridge,
        territory=budget_cast.kenes.parent,
        year=2026,
        classification=Classification.objects.get(code="12.1.123.013"),
        amount=Decimal("5000000"),
    )
    monkeypatch.setattr(views, "MAP_PAGE_PROJECTS", 1)
    html = client.get(url).content.decode()
    # The one that most needs attention: the works under way before the planned bridge.
    assert [r[0] for r in table(html, "projects-table")[1:]] == ["Kulan village road repair"]
    assert (
        '<a id="all-projects-link" href="/en/budget/593400000/table/?year=2026&amp;phase=adjusted#projects-heading">'
        "All 2 projects, with sorting</a>"
    ) in html
    # The map still marks every project that has a place; the table page lists them all.
    assert "Kulan village road repair" in [p["name"] for p in map_data(html)["projects"]]
    table_html = client.get(AKZHAR.format(lang="en") + "table/?year=2026").content.decode()
    assert sorted(r[0] for r in table(table_html, "projects-table")[1:]) == [
        "Akzhar bridge",
        "Kulan village road repair",
    ]


def test_per_resident_says_where_the_population_is_not_known(client, budget_cast):
    html = client.get(AKZHAR.format(lang="en") + "?year=2025&phase=approved&per_capita=1").content.decode()
    # Akzhar's population is known (15,000): its group chart is per resident too.
    assert "Approved by functional group in 2025, tenge per resident</figcaption>" in html
    chart = html.split('id="groups-chart"')[1].split("</figure>")[0]
    assert '<span class="bar-list-value">90</span>' in chart  # education: 1,350,000 / 15,000
    assert 'id="population-unknown"' not in html
    # Kenes has no population recorded: the page names it instead of silently showing totals.
    assert (
        '<p class="hint" id="children-without-population">No population is recorded for these, so they have no '
        "amount per resident: Kenes rural okrug.</p>"
    ) in html
    kenes = client.get(f"/en/budget/{budget_cast.kenes.kato}/?year=2025&per_capita=1").content.decode()
    assert (
        '<p class="hint" id="population-unknown">The population of Kenes rural okrug is not recorded, so its totals '
        "are in tenge, not per resident.</p>"
    ) in kenes
    assert "tenge per resident</figcaption>" not in kenes
    # Without "per resident" nothing is said about populations.
    plain = client.get(AKZHAR.format(lang="en") + "?year=2025").content.decode()
    assert "children-without-population" not in plain and "population-unknown" not in plain
    table_page = client.get(AKZHAR.format(lang="en") + "table/?year=2025&per_capita=1").content.decode()
    assert 'id="children-without-population"' in table_page


def test_pages_say_where_the_figures_come_from_and_as_of_when(client, budget_cast):
    from openakimat.budget.models import Budget

    budget = Budget.objects.get(territory__kato="593400000", year=2026, is_current=True)
    budget.decision_en = "Decision of the Akzhar district maslikhat No. 12-3"
    budget.approved_on = date(2025, 12, 24)
    budget.source_name = "akzhar-2026.csv"
    budget.save()
    html = client.get(AKZHAR.format(lang="en") + "?year=2026").content.decode()
    source = html.split('id="budget-source"')[1].split("</dl>")[0]
    assert "Budget of Akzhar district for 2026, adjustment 1" in source
    assert 'Decision of the Akzhar district maslikhat No. 12-3 (<time datetime="2025-12-24">' in source
    assert "<dd>akzhar-2026.csv</dd>" in source
    assert f'<time datetime="{budget.updated_at.astimezone(timezone.get_current_timezone()):%Y-%m-%d}' in source
    # The region has no budget of its own: the page says whose budgets are summed.
    region = client.get(REGION.format(lang="en") + "?year=2026").content.decode()
    assert "The sum of 4 budgets of the territories within" in region.split('id="budget-source"')[1]
    # Each figure's name links to its meaning.
    assert '<a href="/en/budget/glossary/#adjusted">Adjusted plan</a>' in html
    glossary = client.get("/en/budget/glossary/").content.decode()
    for anchor in ("approved", "adjusted", "contracted", "paid", "execution", "functional-group", "per-resident"):
        assert f'<dt id="{anchor}">' in glossary
    assert "Бюджет терминдері" in client.get("/kk/budget/glossary/").content.decode()


def test_every_page_offers_its_data_for_download(client, budget_cast):
    html = client.get(AKZHAR.format(lang="ru") + "?year=2025&phase=approved").content.decode()
    links = re.findall(r'<li><a href="([^"]+)" download>', html.split('id="budget-downloads"')[1])
    assert links == [
        "/api/v1/budget/exports/593400000/2025.csv",
        "/api/v1/budget/exports/593400000/2025.zip",
        "/ru/budget/593400000/groups.csv?year=2025&amp;phase=approved",
        "/ru/budget/593400000/months.csv?year=2025&amp;phase=approved",
        "/api/v1/budget/geojson/593400000/2025/territories.geojson?lang=ru",
        "/api/v1/budget/geojson/593400000/2025/projects.geojson?lang=ru",
    ]
    for link in links:
        response = client.get(unescape(link))
        assert response.status_code == 200, link
    groups = client.get("/en/budget/593400000/groups.csv?year=2025&phase=approved")
    assert groups["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="groups-593400000-2025-approved.csv"' in groups["Content-Disposition"]
    rows = groups.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "code,name,approved_tenge,share_percent,execution_percent"
    assert rows[2].startswith("04,Education,1350000")
    months = client.get("/kk/budget/593400000/months.csv?year=2025").content.decode("utf-8-sig").splitlines()
    assert len(months) == 13 and months[1].startswith("1,")
    # A wrong year or phase is the same clear 400/404 as on the page.
    assert client.get("/en/budget/593400000/groups.csv?phase=nope").status_code == 400
    assert client.get("/en/budget/593400000/groups.csv?year=1999").status_code == 404


def test_only_the_embeddable_view_may_be_framed(client, budget_cast):
    embed = client.get(AKZHAR.format(lang="kk") + "embed/?year=2025")
    assert embed.status_code == 200
    assert not embed.has_header("X-Frame-Options")
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    html = embed.content.decode()
    assert 'id="groups-chart"' in html and 'class="site-header"' not in html
    assert 'target="_blank" rel="noopener"' in html and 'href="/kk/budget/593400000/?year=2025' in html
    page = client.get(AKZHAR.format(lang="kk") + "?year=2025")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_pages_have_open_graph_previews(client, budget_cast):
    html = client.get(AKZHAR.format(lang="ru") + "?year=2025&phase=approved").content.decode()
    assert '<meta property="og:title" content="Бюджет: Акжарский район, 2025">' in html
    description = "Утвержденный бюджет: 1\xa0700\xa0001 тенге; Исполнение: 99,7 %"
    assert f'<meta property="og:description" content="{description}">' in html
    assert '<meta property="og:locale" content="ru_RU">' in html
    url = "http://localhost:8000/ru/budget/593400000/?year=2025&amp;phase=approved"  # SITE_URL
    assert f'<meta property="og:url" content="{url}">' in html


def test_map_shows_every_territory_with_classes_the_legend_states(client, budget_cast):
    from conftest import make_territory
    from openakimat.territory.models import TerritoryLevel

    # A district of the region with no budget: drawn for context, in grey, never as data.
    make_territory(
        "594200000", TerritoryLevel.DISTRICT, budget_cast.akzhar.parent, "Zhambyl district", lat=54.0, lon=69.0
    )
    html = client.get(REGION.format(lang="en") + "?year=2025&phase=approved").content.decode()
    data = map_data(html)
    assert [c["kato"] for c in data["children"]] == ["593200000", "593400000"]
    assert [(c["kato"], c["label"]) for c in data["context"]] == [("594200000", "Zhambyl")]
    assert data["context"][0]["url"] == "/en/budget/594200000/"
    # Aiyrtau (3,400,001.5) and Akzhar (1,700,001): two classes; the legend states their bounds.
    assert {c["label"]: c["class"] for c in data["children"]} == {"Aiyrtau": 1, "Akzhar": 0}
    assert [row["text"] for row in data["legend"]] == ["up to 1,800,000 tenge", "1,800,001 to 3,400,002 tenge"]
    assert (
        '<span class="map-swatch map-class map-class-1" aria-hidden="true"></span>1,800,001 to 3,400,002 tenge' in html
    )
    assert data["outline"] is None  # the test region has no boundary of its own


def test_map_class_breaks_are_rounded_quantiles():
    from openakimat.budget.views import _breaks, _class_of, _map_label

    values = [Decimal(v) for v in (10, 20, 30, 40, 50, 60, 70, 80, 90, 1234)]
    breaks = _breaks(values)
    assert breaks == [20, 40, 60, 80, 1234]
    assert [_class_of(v, breaks) for v in (Decimal(5), Decimal(20), Decimal(21), Decimal(1234))] == [0, 0, 1, 4]
    assert _breaks([Decimal(7)]) == [7] and _breaks([]) == []
    assert _class_of(None, breaks) is None
    assert _map_label("Talshik rural okrug") == "Talshik"
    assert _map_label("Акжарский район") == "Акжарский"
    assert _map_label("Ақжар ауданы") == "Ақжар"
    assert _map_label("Петропавл қаласы") == "Петропавл қаласы"


def test_the_map_page_lists_overdue_projects_first():
    from types import SimpleNamespace

    from openakimat.budget.views import _project_attention

    done = SimpleNamespace(overdue=False, status="completed")
    late = SimpleNamespace(overdue=True, status="procurement")
    working = SimpleNamespace(overdue=False, status="in_progress")
    planned = SimpleNamespace(overdue=False, status="planned")
    assert sorted([done, planned, working, late], key=_project_attention) == [late, working, planned, done]


def test_a_long_budget_page_opens_with_its_contents(client, budget_cast):
    html = client.get(AKZHAR.format(lang="en") + "?year=2025").content.decode()
    contents = re.search(r'<nav class="page-contents" aria-label="On this page">(.*?)</nav>', html, re.S).group(1)
    targets = re.findall(r'href="#([\w-]+)"', contents)
    assert targets == [
        "map-heading",
        "groups-heading",
        "monthly-heading",
        "children-heading",
        "projects-heading",
        "downloads-heading",
    ]
    for target in targets:
        assert f'id="{target}"' in html  # every entry leads somewhere

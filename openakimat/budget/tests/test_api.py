import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from conftest import make_territory
from openakimat.budget import answers, selectors
from openakimat.budget.models import Classification, ProgressReport, ProjectFile, Rollup
from openakimat.budget.schemas import TerritoryBudgetOut
from openakimat.budget.services import budget_replace
from openakimat.territory.models import Territory, TerritoryLevel

from .budget_cast import SYSTEM, budget_cast_fixture, district_lines, okrug_lines  # noqa: F401

API = "/api/v1/budget"
D = Decimal


def test_a_resident_drills_down_from_the_district(client, budget_cast):
    response = client.get(f"{API}/territories/593400000", {"year": 2026, "phase": "paid"})
    assert response.status_code == 200
    body = response.json()
    total = Rollup.objects.get(territory=budget_cast.akzhar, year=2026, level=0)
    assert body["totals"]["paid"] == float(total.paid) == body["amount"]
    assert body["totals"]["source"] == "own"
    assert body["territory"]["name"]["kk"] == "Ақжар ауданы"
    assert [a["kato"] for a in body["ancestors"]] == ["590000000"]
    assert [c["kato"] for c in body["children"]] == ["593430000", "593440000"]
    talshik = body["children"][0]
    assert talshik["per_capita"] == round(talshik["amount"] / 2500, 2) and talshik["own_budget"]
    assert body["children"][1]["centre"] == {"lat": 53.5, "lon": 72.1}
    assert [g["code"] for g in body["groups"]] == ["01", "04", "12"]
    assert body["groups"][1]["name"]["en"] == "Education"
    assert body["monthly"][-1]["cumulative"] == body["totals"]["paid"]
    assert [p["slug"] for p in body["projects"]] == ["kulan-road-2026"]
    assert body["years"] == [2026, 2025]


def test_the_region_shows_the_sum_of_its_districts_and_the_newest_year_by_default(client, budget_cast):
    body = client.get(f"{API}/territories/590000000", {"per_capita": "true", "phase": "approved"}).json()
    assert body["year"] == 2026 and body["totals"]["source"] == "children"
    approved = sum(r.approved for r in Rollup.objects.filter(year=2026, level=0, territory__kato__endswith="00000"))
    assert body["totals"]["approved"] == float(approved)
    akzhar = {c["kato"]: c for c in body["children"]}["593400000"]
    assert akzhar["value"] == akzhar["per_capita"] and akzhar["has_boundary"]


@pytest.mark.parametrize(
    ("path", "params", "status", "field", "message"),
    [
        ("territories/599999999", {}, 404, "detail", "No territory has the KATO code 599999999"),
        ("territories/593400000", {"year": 2019}, 404, "detail", "years with budgets: 2026, 2025"),
        ("territories/593430100", {}, 404, "detail", "No budgets are loaded for Kulan village"),
        ("territories/593400000", {"year": 1999}, 422, "errors", "year"),
        ("territories/593400000", {"year": "soon"}, 422, "errors", "year"),
        ("territories/593400000", {"phase": "spent"}, 422, "errors", "phase"),
        ("territories/593400000/monthly", {"year": 2019}, 404, "detail", "No budget of Akzhar district for 2019"),
        ("years/12", {}, 404, "detail", "No territory"),
        ("projects/no-such-project", {}, 404, "detail", "No project has the identifier no-such-project"),
        ("projects", {"territory": "599999999"}, 404, "detail", "No territory"),
        ("exports/593400000/2019.zip", {}, 404, "detail", "years with budgets"),
        ("exports/593400000/1999.csv", {}, 422, "errors", "year"),
        ("geojson/599999999/2026/projects.geojson", {}, 404, "detail", "No territory"),
    ],
)
def test_bad_requests_get_a_clear_4xx(client, budget_cast, path, params, status, field, message):
    response = client.get(f"{API}/{path}", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert message in json.dumps(response.json()[field])


def test_answers_are_cacheable_and_revalidate_cheaply(client, budget_cast):
    url = f"{API}/territories/593400000?year=2026&phase=paid"
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=300" and "Accept-Language" in first["Vary"]
    assert first["ETag"].startswith('"') and first[answers.HEADER] == "miss"
    assert "Last-Modified" not in first  # a time cannot say that a name changed
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    assert len(queries) == 0  # answered from the answer cache
    # Another phase is another answer.
    assert client.get(url.replace("paid", "approved"))["ETag"] != first["ETag"]
    # A new budget version below the district changes the answer and its validators.
    budget_replace(actor=SYSTEM, territory=budget_cast.talshik, year=2026, version=1, lines=okrug_lines(5, D(1)))
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_an_answer_is_made_once_per_data_version(client, budget_cast, monkeypatch):
    url = f"{API}/territories/593400000?year=2026"
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert first[answers.HEADER] == "miss"

    def must_not_run(*args, **kwargs):
        raise AssertionError("the answer was built again")

    # A hit neither queries nor builds nor validates: the stored bytes are the answer.
    monkeypatch.setattr(selectors, "territory_view", must_not_run)
    monkeypatch.setattr(TerritoryBudgetOut, "model_validate", must_not_run)
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert hit.status_code == 200 and hit[answers.HEADER] == "hit" and len(queries) == 0
    assert hit.content == first.content and hit["ETag"] == first["ETag"]
    assert hit["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
    monkeypatch.undo()
    # Each language is its own answer, with its own validator.
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    assert russian[answers.HEADER] == "miss" and russian["ETag"] != first["ETag"]
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="ru")[answers.HEADER] == "hit"


def test_a_hit_is_the_answer_it_stands_for(client, budget_cast):
    """Served near the top of the middleware stack, a hit keeps what the rest of the stack added
    (security headers, the language) and each way of asking for a language is its own answer."""
    url = f"{API}/territories/593400000?year=2026"
    miss = client.get(url, {"lang": "ru"})
    hit = client.get(url, {"lang": "ru"})
    assert (miss[answers.HEADER], hit[answers.HEADER]) == ("miss", "hit")
    assert {k: v for k, v in miss.items() if k != answers.HEADER} == {
        k: v for k, v in hit.items() if k != answers.HEADER
    }
    assert hit["Content-Language"] == "ru" and "X-Frame-Options" in hit
    assert hit.json()["territory"]["name"]["ru"] and hit.json() == miss.json()
    client.cookies["django_language"] = "kk"
    kazakh = client.get(url)
    assert kazakh[answers.HEADER] == "miss" and kazakh["Content-Language"] == "kk"
    assert kazakh["ETag"] != hit["ETag"]


def _rename_education():
    Classification.objects.filter(code="04").update(name_en="Schooling")


def _repopulate_akzhar():
    Territory.objects.filter(kato="593400000").update(population=77777)


def _rename_talshik():
    Territory.objects.filter(kato="593430000").update(name_en="Talshyq rural okrug")


@pytest.mark.parametrize(
    ("change", "seen"),
    [
        (_rename_education, lambda body: body["groups"][1]["name"]["en"] == "Schooling"),
        (_repopulate_akzhar, lambda body: body["population"] == 77777),
        (_rename_talshik, lambda body: body["children"][0]["name"]["en"] == "Talshyq rural okrug"),
    ],
    ids=["classification name", "population", "territory name"],
)
def test_validators_cover_every_input_of_an_answer(client, budget_cast, change, seen):
    """The old ETag gets the new answer, not a 304, whatever table the change was in."""
    url = f"{API}/territories/593400000?year=2026"
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_ACCEPT_LANGUAGE="en").status_code == 304
    assert not seen(first.json())
    change()
    after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_ACCEPT_LANGUAGE="en")
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert seen(after.json())


def test_a_project_answer_follows_its_territory_name(client, budget_cast):
    url = f"{API}/projects/kulan-road-2026"
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == 200 and "Last-Modified" not in first
    Territory.objects.filter(kato="593430100").update(name_en="Qulan village")
    after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_ACCEPT_LANGUAGE="en")
    assert after.status_code == 200 and "Qulan village" in after.content.decode()


@override_settings(BUDGET_ANSWER_CACHE_SECONDS=0)
def test_without_the_answer_cache_validators_stay(client, budget_cast):
    url = f"{API}/years/593400000"
    first = client.get(url)
    assert first[answers.HEADER] == "off" and first.json()["years"] == [2026, 2025]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and len(queries) > 0  # made afresh, then compared


def test_answers_are_made_afresh_when_the_cache_server_is_away(client, budget_cast, monkeypatch):
    def away(*args, **kwargs):
        raise ConnectionError("cache server away")

    monkeypatch.setattr(answers.cache, "get", away)
    monkeypatch.setattr(answers, "current_generation", away)
    response = client.get(f"{API}/territories/593400000?year=2026")
    assert response.status_code == 200 and response[answers.HEADER] == "off"
    assert response.json()["year"] == 2026
    again = client.get(f"{API}/territories/593400000?year=2026", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_errors_are_not_kept(client, budget_cast):
    url = f"{API}/territories/593400000?year=2019"
    assert client.get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 404 and answers.HEADER not in response


def test_the_drill_down_takes_a_pinned_number_of_queries(client, budget_cast):
    url = f"{API}/territories/593400000?year=2026"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(5):
        okrug = make_territory(f"59346{i}000", TerritoryLevel.RURAL_OKRUG, budget_cast.akzhar, f"Okrug {i}")
        budget_replace(actor=SYSTEM, territory=okrug, year=2026, version=0, lines=okrug_lines(1, D(1)))
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).json()
    assert len(body["children"]) == 7
    # territory, years, ancestors, totals, children, groups ×2, months, projects
    assert len(few) == len(many) == 9, [q["sql"] for q in many.captured_queries]


def test_monthly_payments_in_total_and_per_group(client, budget_cast):
    body = client.get(f"{API}/territories/593430000/monthly", {"year": 2025}).json()
    assert [m["month"] for m in body["total"]] == [1, 4, 5]
    assert [g["code"] for g in body["groups"]] == ["01", "12"]
    assert body["groups"][1]["name"]["ru"] == "Транспорт и коммуникации"
    assert body["total"][-1]["cumulative"] == sum(m["paid"] for m in body["total"])


def test_years_with_budgets(client, budget_cast):
    assert client.get(f"{API}/years/593430000").json()["years"] == [2026, 2025]


def test_projects_are_paginated_and_filtered(client, budget_cast):
    everything = client.get(f"{API}/projects").json()
    assert everything["count"] == 2
    in_2026 = client.get(f"{API}/projects", {"territory": "593400000", "year": 2026}).json()
    assert [p["slug"] for p in in_2026["items"]] == ["kulan-road-2026"]
    road = in_2026["items"][0]
    assert road["year_amount"] == 45000000 and road["territory"]["kato"] == "593430100"
    assert road["lat"] == 53.61 and road["progress"] == 40
    assert client.get(f"{API}/projects", {"territory": "593440000"}).json()["items"][0]["lat"] is None


def test_listing_projects_takes_three_queries_whatever_their_number(client, budget_cast):
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"{API}/projects", {"territory": "590000000", "page_size": 100}).json()
    assert body["count"] == 2
    assert len(queries) == 3, [q["sql"] for q in queries.captured_queries]


def test_a_project_with_funding_reports_and_files(client, budget_cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    road = budget_cast.road
    ProgressReport.objects.create(project=road, on=date(2026, 5, 1), progress=10, note_en="Earthworks")
    ProgressReport.objects.create(project=road, on=date(2026, 6, 1), progress=40)
    photo = ProjectFile(project=road, kind="photo", taken_on=date(2026, 6, 1), caption_en="Asphalt")
    photo.file.save("road.jpg", ContentFile(b"jpeg"), save=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}/projects/kulan-road-2026")
    assert len(queries) == 4
    body = response.json()
    assert response["Cache-Control"] == "public, max-age=300"
    assert body["contractor_bin"] == "123456789012"
    assert {(f["territory"]["kato"], f["amount"]) for f in body["funding"]} == {
        ("593430000", 30000000),
        ("593400000", 15000000),
    }
    assert [(r["on"], r["progress"]) for r in body["reports"]] == [("2026-05-01", 10), ("2026-06-01", 40)]
    assert body["reports"][0]["note"]["en"] == "Earthworks"
    assert body["files"][0]["kind"] == "photo" and body["files"][0]["url"].endswith(".jpg")


def test_exports_download_in_open_formats(client, budget_cast):
    fdp = client.get(f"{API}/exports/593400000/2025.zip")
    assert fdp.status_code == 200 and fdp["Content-Type"] == "application/zip"
    assert fdp["Content-Disposition"] == 'attachment; filename="budget-593400000-2025.zip"'
    assert fdp["Cache-Control"] == "public, max-age=300" and fdp["ETag"]
    with zipfile.ZipFile(io.BytesIO(fdp.content)) as archive:
        assert json.loads(archive.read("datapackage.json"))["model"]["measures"]["paid"]["phase"] == "executed"
    lines = client.get(f"{API}/exports/593400000/2025.csv")
    assert lines["Content-Type"] == "text/csv; charset=utf-8"
    assert lines.content.decode("utf-8").count("\n") == 1 + 5 + 3 + 3
    assert client.get(f"{API}/exports/593400000/2025.csv", HTTP_IF_NONE_MATCH=lines["ETag"]).status_code == 304
    points = client.get(f"{API}/geojson/593400000/2026/projects.geojson", {"lang": "ru"})
    assert points["Content-Type"] == "application/geo+json"
    assert points.json()["features"][0]["properties"]["name"] == "Дорога Кулан"
    areas = client.get(f"{API}/geojson/590000000/2025/territories.geojson", {"lang": "kk"}).json()
    assert {f["properties"]["name"] for f in areas["features"]} == {"Ақжар ауданы", "Айыртау ауданы"}
    assert client.get(f"{API}/geojson/590000000/2025/territories.geojson", {"lang": "xx"}).status_code == 422


def test_the_budget_api_is_described_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    drill = paths["/api/v1/budget/territories/{kato}"]["get"]
    assert drill["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("TerritoryBudgetOut")
    assert "404" in drill["responses"]
    assert {p["name"] for p in drill["parameters"]} == {"kato", "year", "phase", "per_capita"}
    for path in (
        "/api/v1/budget/exports/{kato}/{year}.zip",
        "/api/v1/budget/exports/{kato}/{year}.csv",
        "/api/v1/budget/geojson/{kato}/{year}/projects.geojson",
        "/api/v1/budget/projects",
        "/api/v1/budget/projects/{slug}",
        "/api/v1/budget/years/{kato}",
        "/api/v1/budget/territories/{kato}/monthly",
    ):
        assert path in paths
    assert "application/zip" in paths["/api/v1/budget/exports/{kato}/{year}.zip"]["get"]["responses"]["200"]["content"]

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_territory
from openakimat.integrity.models import AuditEntry
from openakimat.territory.models import TerritoryLevel


@pytest.fixture
def many_villages(talshik_okrug):
    for i in range(1, 121):
        make_territory(
            f"593430{i:03d}", TerritoryLevel.VILLAGE, talshik_okrug, f"Village {i}", f"Село {i}", f"Ауыл {i}"
        )


def test_territories_are_paginated_with_a_count(client, many_villages):
    first = client.get("/api/v1/territories", {"page": 1})
    assert first.status_code == 200
    body = first.json()
    assert body["count"] == 123  # region, district, okrug and 120 villages
    assert len(body["items"]) == 50
    last = client.get("/api/v1/territories", {"page": 3}).json()
    assert len(last["items"]) == 23
    assert last["items"][-1]["kato"] == "593430120"


def test_listing_territories_takes_two_queries_whatever_the_page_size(client, many_villages):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/territories", {"page_size": 100})
    assert response.status_code == 200
    assert len(response.json()["items"]) == 100
    assert len(queries) == 2, [q["sql"] for q in queries.captured_queries]


def test_filter_by_level_and_parent(client, many_villages, aiyrtau):
    districts = client.get("/api/v1/territories", {"level": "district"}).json()
    assert [t["kato"] for t in districts["items"]] == ["593200000", "593400000"]
    children = client.get("/api/v1/territories", {"parent": "593400000"}).json()
    assert [t["kato"] for t in children["items"]] == ["593430000"]
    subtree = client.get("/api/v1/territories", {"within": "593400000", "page_size": 500}).json()
    assert subtree["count"] == 122


@pytest.mark.parametrize("query", ["ақжар", "АҚЖАР", "акжарский", "Akzhar", "akzhar district", "593400"])
def test_search_finds_a_name_in_any_language_and_case(client, akzhar, aiyrtau, query):
    found = client.get("/api/v1/territories", {"q": query}).json()
    assert [t["kato"] for t in found["items"]] == ["593400000"]


def test_an_unknown_level_is_a_clear_422(client, region):
    response = client.get("/api/v1/territories", {"level": "galaxy"})
    assert response.status_code == 422
    assert "level" in str(response.json()["errors"])


def test_territory_detail_has_names_ancestors_and_children(client, talshik_okrug):
    body = client.get("/api/v1/territories/593400000").json()
    assert body["name"] == {"kk": "Ақжар ауданы", "ru": "Акжарский район", "en": "Akzhar district"}
    assert [a["kato"] for a in body["ancestors"]] == ["590000000"]
    assert [c["kato"] for c in body["children"]] == ["593430000"]
    assert body["centre"] == {"lat": 53.637, "lon": 71.874, "approximate": False}
    assert body["has_boundary"] is False


def test_an_unknown_territory_is_404(client, region):
    response = client.get("/api/v1/territories/599999999")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_tree_nests_children_to_the_requested_depth(client, many_villages):
    shallow = client.get("/api/v1/territories/590000000/tree", {"depth": 1}).json()
    assert [c["kato"] for c in shallow["children"]] == ["593400000"]
    assert shallow["children"][0]["children"] == []
    deep = client.get("/api/v1/territories/590000000/tree", {"depth": 3}).json()
    assert len(deep["children"][0]["children"][0]["children"]) == 120
    assert client.get("/api/v1/territories/590000000/tree", {"depth": 9}).status_code == 422


def test_akimats_list_filters_by_territory_and_status(client, akzhar_akimat, aiyrtau_akimat, talshik_akimat):
    body = client.get("/api/v1/akimats", {"within": "593400000"}).json()
    assert [a["territory"] for a in body["items"]] == ["593400000", "593430000"]
    open_ = client.get("/api/v1/akimats", {"service_status": "open"}).json()
    assert [a["territory"] for a in open_["items"]] == ["593400000"]


def test_listing_akimats_takes_two_queries(client, akzhar_akimat, aiyrtau_akimat, talshik_akimat, region_akimat):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/akimats").status_code == 200
    assert len(queries) == 2


def test_akimat_detail_lists_its_departments(client, akzhar_construction):
    body = client.get("/api/v1/akimats/593400000").json()
    assert body["service_status"] == "open"
    assert body["service_opened_on"] == "2024-03-15"
    assert [d["kind"] for d in body["departments"]] == ["construction"]


def test_rollout_counts_open_district_and_city_akimats(client, akzhar_akimat, aiyrtau_akimat, talshik_akimat):
    body = client.get("/api/v1/regions/590000000/service-akimats").json()
    assert (body["open"], body["total"], body["percent"], body["planned"]) == (1, 2, 50, 1)
    assert [u["territory"] for u in body["units"]] == ["593200000", "593400000"]


def test_rollout_geojson_gives_points_without_boundaries_and_polygons_with_them(client, akzhar_akimat, aiyrtau):
    fc = client.get("/api/v1/regions/590000000/service-akimats.geojson").json()
    assert fc["type"] == "FeatureCollection"
    by_code = {f["id"]: f for f in fc["features"]}
    assert by_code["593400000"]["geometry"] == {"type": "Point", "coordinates": [71.874, 53.637]}
    assert by_code["593400000"]["properties"]["status"] == "open"
    assert by_code["593200000"]["properties"]["status"] == "none"  # no akimat registered yet
    square = {"type": "Polygon", "coordinates": [[[71, 53], [72, 53], [72, 54], [71, 54], [71, 53]]]}
    akzhar_akimat.territory.boundary = square
    akzhar_akimat.territory.save()
    fc = client.get("/api/v1/regions/590000000/service-akimats.geojson").json()
    assert {f["id"]: f for f in fc["features"]}["593400000"]["geometry"] == square


def test_rollout_of_a_district_is_404(client, akzhar_akimat):
    assert client.get("/api/v1/regions/593400000/service-akimats").status_code == 404


def test_rollout_reads_are_constant_in_queries(client, akzhar_akimat, aiyrtau_akimat):
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/regions/590000000/service-akimats.geojson")
    assert len(queries) == 2


def test_the_openapi_schema_documents_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/territories",
        "/api/v1/territories/{kato}",
        "/api/v1/territories/{kato}/tree",
        "/api/v1/akimats",
        "/api/v1/akimats/{kato}",
        "/api/v1/regions/{kato}/service-akimats",
        "/api/v1/staff/akimats/{kato}/grants",
        "/api/v1/staff/akimats/{kato}",
    } <= paths
    assert client.get("/api/v1/docs").status_code == 200


# Staff endpoints


def test_staff_endpoints_need_a_signed_in_staff_member(client, akzhar_akimat):
    response = client.get("/api/v1/staff/akimats/593400000/grants")
    assert response.status_code == 401


def test_a_head_lists_staff_of_their_akimat_but_not_of_another(staff_client, akzhar_head, aiyrtau_head):
    api = staff_client(akzhar_head)
    own = api.get("/api/v1/staff/akimats/593400000/grants")
    assert own.status_code == 200
    assert [g["username"] for g in own.json()] == ["gulnar.head"]
    other = api.get("/api/v1/staff/akimats/593200000/grants")
    assert other.status_code == 404
    assert "marat.head" not in other.content.decode()


def test_staff_without_a_second_factor_are_refused(client, akzhar_head):
    client.force_login(akzhar_head)
    assert client.get("/api/v1/staff/akimats/593400000/grants").status_code == 401


def test_the_akim_updates_hours_through_the_api(staff_client, akim, akzhar_akimat):
    response = staff_client(akim).patch(
        "/api/v1/staff/akimats/593400000", {"hours_en": "09:00–18:00"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["hours"]["en"] == "09:00–18:00"
    assert AuditEntry.objects.filter(action="akimat.update", actor=akim).exists()


def test_an_operator_may_not_update_the_akimat(staff_client, operator, akzhar_akimat):
    response = staff_client(operator).patch(
        "/api/v1/staff/akimats/593400000", {"hours_en": "never"}, content_type="application/json"
    )
    assert response.status_code == 403
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.hours_en == ""


def test_a_bad_phone_is_a_400_naming_the_field_and_changes_nothing(staff_client, akim, akzhar_akimat):
    response = staff_client(akim).patch(
        "/api/v1/staff/akimats/593400000", {"phone": "not a phone", "hours_en": "x"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "phone" in response.json()["errors"]
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.hours_en == ""


def test_api_errors_speak_the_requested_language(client, region):
    response = client.get("/api/v1/territories/599999999", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 404
    assert response.json()["detail"] == "Не найдено."


def test_null_in_a_patch_is_a_400_not_a_crash(staff_client, akim, akzhar_akimat):
    response = staff_client(akim).patch(
        "/api/v1/staff/akimats/593400000", {"address_kk": None}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "address_kk" in response.json()["errors"]


def test_huge_page_numbers_are_a_422(client, region):
    assert client.get("/api/v1/territories", {"page": 10**20}).status_code == 422
    assert client.get("/api/v1/akimats", {"page_size": 10**6}).status_code == 422

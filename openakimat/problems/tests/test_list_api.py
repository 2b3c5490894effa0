"""GET /api/v1/problems: public fields only, the list's filters, bounded pages, clear errors."""

import pytest

from openakimat.problems.services import report_reject

from . import triage_fixtures as fx
from .triage_fixtures import make_report

roads, lights, aiyrtau_roads, talshik_village = fx.roads, fx.lights, fx.aiyrtau_roads, fx.talshik_village
pytestmark = pytest.mark.django_db
URL = "/api/v1/problems"


def test_the_list_has_public_fields_only(client, roads):
    report = make_report(roads, address="Abay street")
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == report.pk and item["status"] == "open" and item["address"] == "Abay street"
    assert item["category"] and item["url"]
    text = response.content.decode()
    assert "aigerim" not in text and "7011234567" not in text and "reporter" not in text


def test_filters(client, roads, lights, aiyrtau_roads, talshik_village, operator):
    a = make_report(roads)
    b = make_report(lights, territory=talshik_village)
    c = make_report(aiyrtau_roads, lat="53.29", lon="68.10")
    report_reject(actor=operator, report=a, reason="No")

    def ids(**query):
        return [i["id"] for i in client.get(URL, query).json()["items"]]

    assert ids() == [c.pk, b.pk, a.pk]
    assert ids(status="open") == [c.pk, b.pk]
    assert ids(status="rejected") == [a.pk]
    assert ids(category=lights.pk) == [b.pk]
    assert ids(village=talshik_village.kato) == [b.pk]
    assert ids(akimat=aiyrtau_roads.akimat.territory.kato) == [c.pk]
    assert ids(bbox="71,53,72,54") == [b.pk, a.pk]
    assert ids(bbox="72,54,71,53") == [b.pk, a.pk]  # corners in any order
    assert ids(bbox="-999,-99,999,99") == [c.pk, b.pk, a.pk]  # clamped to the Earth


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"status": "nonsense"}, 422),
        ({"category": "0"}, 422),
        ({"category": "99999"}, 404),
        ({"village": "000000000"}, 404),
        ({"akimat": "000000000"}, 404),
        ({"bbox": "1,2"}, 422),
        ({"bbox": "a,b,c,d"}, 422),
        ({"page_size": "501"}, 422),
    ],
)
def test_bad_filters(client, roads, query, status):
    response = client.get(URL, query)
    assert response.status_code == status and response.json()["detail"]


def test_the_query_count_is_fixed(client, roads, talshik_village, django_assert_num_queries):
    for _ in range(30):
        make_report(roads, territory=talshik_village)
    with django_assert_num_queries(3):  # the village, the count, the page
        response = client.get(URL, {"village": talshik_village.kato, "page_size": 25})
    assert len(response.json()["items"]) == 25

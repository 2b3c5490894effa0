"""A standard client, the `georeport` package from PyPI, reads our services, a service definition
and requests in JSON and in XML from a live server, and its JSON is valid under the official
schemas."""

import pytest
from georeport import GeoReport

from .conftest import AKZHAR, make_report
from .schemas import check


@pytest.fixture
def reports(roads, lighting):
    return [make_report(roads), make_report(lighting, "Dark street", lat=None, lon=None, address="Abay 3")]


@pytest.mark.django_db(transaction=True)
def test_the_georeport_client_reads_json(live_server, reports):
    client = GeoReport(f"{live_server.url}/open311/v2", jurisdiction=AKZHAR)
    services = client.get_service_list()
    check("services", services)
    assert [s["service_code"] for s in services] == ["roads", "lighting"]
    definition = client.get_service_definition("roads")
    check("service-definition", definition)
    requests = client.get_service_requests(status="open")
    check("requests", requests)
    assert {r["service_request_id"] for r in requests} == {str(r.pk) for r in reports}
    one = client.get_service_requests(service_request_id=str(reports[1].pk))
    assert one[0]["address"] == "Abay 3" and one[0]["lat"] is None


@pytest.mark.django_db(transaction=True)
def test_the_georeport_client_reads_xml(live_server, reports):
    client = GeoReport(f"{live_server.url}/open311/v2", jurisdiction=AKZHAR, output_format="xml")
    services = client.get_service_list()
    assert [s["service_code"] for s in services] == ["roads", "lighting"]
    assert services[0]["type"] == "realtime" and services[0]["metadata"] == "true"
    definition = client.get_service_definition("roads")
    assert definition["service_code"] == "roads"
    assert {a["code"] for a in definition["attributes"]["attribute"]} >= {"contact", "place"}
    requests = client.get_service_requests(service_code="roads,lighting")
    assert sorted(r["service_request_id"] for r in requests) == sorted(str(r.pk) for r in reports)
    assert {r["status"] for r in requests} == {"open"}

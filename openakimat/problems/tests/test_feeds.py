"""RSS 2.0 and Atom feeds of an area and a category: well-formed, with the elements each format
requires, public fields only, and links to the report."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from openakimat.problems.services import report_reject

from . import triage_fixtures as fx
from .triage_fixtures import make_report

roads, lights, aiyrtau_roads, talshik_village = fx.roads, fx.lights, fx.aiyrtau_roads, fx.talshik_village
pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _get(client, name, language="en", query=None, **kwargs):
    with translation.override(language):
        url = reverse(f"problem_map:{name}", kwargs=kwargs)
    return client.get(url, query or {})


def test_rss_of_an_area_is_valid_and_public(client, roads, aiyrtau_roads, talshik_village, operator):
    here = make_report(roads, territory=talshik_village)
    rejected = make_report(roads, territory=talshik_village)
    report_reject(actor=operator, report=rejected, reason="The region's road")
    make_report(aiyrtau_roads)
    response = _get(client, "area-rss", kato=talshik_village.kato)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own answer)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.find(required) is not None and channel.find(required).text
    assert "Talshik" in channel.find("title").text
    items = channel.findall("item")
    assert [i.find("guid").text for i in items] == [
        f"urn:openakimat:problem-report:{rejected.pk}",
        f"urn:openakimat:problem-report:{here.pk}",
    ]
    for item in items:
        assert item.find("title").text and item.find("link").text.startswith("http")
        assert item.find("pubDate").text
    assert "The region's road" in items[0].find("description").text
    body = response.content.decode()
    assert "Сәтбаева" not in body and "aigerim@" not in body and "7011234567" not in body


def test_atom_of_a_category_is_valid(client, roads, lights):
    wanted = make_report(lights)
    make_report(roads)
    response = _get(client, "atom", "kk", {"category": lights.pk})
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own answer)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    for required in ("id", "title", "updated"):
        assert entry.find(f"{ATOM}{required}").text
    assert entry.find(f"{ATOM}id").text == f"urn:openakimat:problem-report:{wanted.pk}"
    assert entry.find(f"{ATOM}link").get("href").startswith("http")


def test_an_unknown_area_or_category_is_a_404(client, roads):
    assert _get(client, "area-rss", kato="000000000").status_code == 404
    assert _get(client, "rss", query={"category": "99999"}).status_code == 404
    assert _get(client, "rss", query={"category": "abc"}).status_code == 404


def test_the_feed_query_count_is_fixed(client, roads, talshik_village, django_assert_num_queries):
    for _ in range(10):
        make_report(roads, territory=talshik_village)
    # the area, the reports (with their categories and villages)
    with django_assert_num_queries(2):
        response = _get(client, "area-atom", kato=talshik_village.kato)
    assert response.status_code == 200 and response.content.count(b"<entry>") == 10

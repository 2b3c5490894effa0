"""Comparisons and search over the open budgets: year over year, side by side, by name."""

from decimal import Decimal

import pytest

from .budget_cast import budget_cast_fixture  # noqa: F401 — the fixture "budget_cast"
from .test_views import table

AKZHAR = "/{lang}/budget/593400000/"


def test_year_over_year_shows_each_group_and_the_change(client, budget_cast):
    response = client.get(AKZHAR.format(lang="en") + "compare/?year=2026&with=2025&phase=approved")
    assert response.status_code == 200
    html = response.content.decode()
    rows = table(html, "compare-years-table")
    assert rows[0] == ["Functional group", "2025", "2026", "Change, tenge", "Change, per cent"]
    by_code = {r[0].split()[0]: r for r in rows[1:-1]}
    # Akzhar's approved 2026 is the same lines as 2025 (district_lines(1, …)): no change in any group.
    education = by_code["04"]
    assert education[1] == education[2] == "1,350,000" and education[3] == "0" and education[4] == "0.0 %"
    total = rows[-1]
    assert total[0] == "Total" and total[1] == total[2]
    # In Kazakh and Russian, by default the newest year against the one before.
    assert "Жылдан жылға" in client.get(AKZHAR.format(lang="kk") + "compare/").content.decode()
    ru = client.get(AKZHAR.format(lang="ru") + "compare/").content.decode()
    assert '<option value="2026" selected>' in ru and '<option value="2025" selected>' in ru


def test_year_over_year_change_is_the_difference_and_its_share(client, budget_cast):
    from openakimat.budget.compare import Change

    up = Change("04", "Education", Decimal(1000), Decimal(1250))
    assert up.difference == 250 and up.percent == Decimal("25.0")
    new = Change("12", "Transport", Decimal(0), Decimal(500))
    assert new.percent is None  # nothing before: no share of it


def test_year_over_year_refuses_what_it_cannot_compare(client, budget_cast):
    assert client.get(AKZHAR.format(lang="en") + "compare/?year=1999").status_code == 404
    assert client.get(AKZHAR.format(lang="en") + "compare/?year=20x5").status_code == 400
    assert client.get(AKZHAR.format(lang="en") + "compare/?phase=bogus").status_code == 400
    same = client.get(AKZHAR.format(lang="en") + "compare/?year=2025&with=2025").content.decode()
    assert "Choose two different years." in same and "compare-years-table" not in same


def test_territories_side_by_side(client, budget_cast):
    url = "/en/budget/compare/?kato=593400000&kato=593200000&year=2025&phase=approved"
    html = client.get(url).content.decode()
    rows = table(html, "compare-places-table")
    assert rows[0] == ["Territory", "Amount, tenge", "Population", "Per resident, tenge", "Execution"]
    assert [r[0] for r in rows[1:]] == ["Akzhar district", "Aiyrtau district"]
    akzhar, aiyrtau = rows[1], rows[2]
    assert akzhar[2] == "15,000" and aiyrtau[2] == "33,000"
    assert akzhar[3] == "113" and aiyrtau[3] == "103"  # the per-resident figures of the table view
    # The territory choices are those with a budget of their own; anything else is a clear 400.
    assert '<option value="593430000">Talshik rural okrug</option>' in html
    assert client.get("/en/budget/compare/?kato=590000000").status_code == 400
    assert client.get("/en/budget/compare/?kato=x").status_code == 400
    # Without a choice the page offers the form only.
    empty = client.get("/ru/budget/compare/").content.decode()
    assert "Бюджеты рядом" in empty and "compare-places-table" not in empty


@pytest.mark.parametrize(
    ("q", "territories", "projects"),
    [
        ("talshik", ["Talshik rural okrug"], []),
        ("kulan", ["Kulan village"], ["Kulan village road repair"]),
        ("ROAD", [], ["Kulan village road repair"]),
        ("дорога", [], ["Kulan village road repair"]),  # the Russian name, typed in lower case
        ("nothing-like-this", [], []),
    ],
)
def test_search_finds_territories_and_projects_by_name(client, budget_cast, q, territories, projects):
    html = client.get("/en/budget/search/", {"q": q}).content.decode()
    found_t = table_links(html, "territory-results")
    found_p = table_links(html, "project-results")
    assert found_t == territories and found_p == projects
    if not territories:
        assert "No territory has that name." in html


def test_search_takes_any_input_calmly(client, budget_cast):
    assert client.get("/en/budget/search/", {"q": "x" * 5000}).status_code == 200
    assert client.get("/en/budget/search/", {"q": "<script>"}).status_code == 200
    assert "&lt;script&gt;" in client.get("/en/budget/search/", {"q": "<script>"}).content.decode()
    assert client.get("/kk/budget/search/").status_code == 200


def test_the_budget_pages_link_to_the_comparisons_and_the_search(client, budget_cast):
    html = client.get(AKZHAR.format(lang="en")).content.decode()
    assert 'id="compare-years-link" href="/en/budget/593400000/compare/"' in html
    assert 'id="compare-places-link" href="/en/budget/compare/?kato=593400000"' in html
    region = client.get("/en/budget/590000000/").content.decode()
    assert 'id="compare-places-link" href="/en/budget/compare/"' in region  # no budget of its own
    assert 'id="budget-search-link" href="/en/budget/search/"' in html


def table_links(html: str, list_id: str) -> list[str]:
    import re

    found = re.search(rf'<ul id="{list_id}">(.*?)</ul>', html, re.S)
    return re.findall(r"<a [^>]*>([^<]+)</a>", found.group(1)) if found else []

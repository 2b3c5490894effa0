"""Budget pages write dates as dd.mm.yyyy in every language (Kazakh pages used to fall back to
the American 04/01/2026)."""

import pytest

from .budget_cast import budget_cast_fixture  # noqa: F401 — the fixture "budget_cast"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_project_page_shows_the_contract_date_day_first(client, budget_cast, lang):
    response = client.get(f"/{lang}/budget/projects/kulan-road-2026/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<time datetime="2026-04-01">01.04.2026</time>' in html
    assert "04/01/2026" not in html

"""Whatever a client sends to the public API, the answer is a 2xx or a clear 4xx, never a 5xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
params = st.dictionaries(
    st.sampled_from(["level", "parent", "within", "q", "page", "page_size", "kind", "service_status", "depth"]),
    st.one_of(text, st.integers(-5, 10**30).map(str)),
    max_size=4,
)
paths = st.sampled_from(
    [
        "/api/v1/territories",
        "/api/v1/akimats",
        "/api/v1/territories/{code}",
        "/api/v1/territories/{code}/tree",
        "/api/v1/akimats/{code}",
        "/api/v1/regions/{code}/service-akimats",
        "/api/v1/regions/{code}/service-akimats.geojson",
    ]
)
codes = st.one_of(st.sampled_from(["590000000", "593400000", "593430000"]), text.filter(lambda s: "/" not in s))


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=paths, code=codes, query=params)
def test_public_api_never_answers_with_a_server_error(client, talshik_akimat, akzhar_akimat, path, code, query):
    from urllib.parse import quote

    url = path.format(code=quote(code, safe="")) if "{code}" in path else path
    response = client.get(url, query)
    assert response.status_code < 500, (url, query, response.content[:300])
    if response.status_code >= 400:
        assert response.json()["detail"]

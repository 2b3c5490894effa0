"""A property over every public form and API operation (issue 11, "Bad input"): whatever arrives,
in whatever content type, with NUL characters, invalid UTF-8, huge numbers, far dates, broken
multipart bodies or files that only start like a document, the answer is never a 5xx, and an answer
of 4xx leaves the database as it was (rows counted before and after).

Bounded for the suite: `FUZZ_EXAMPLES` (12 by default) requests per operation and form; `FUZZ_EXAMPLES=500`
for a longer run."""

import json
import os
from urllib.parse import quote

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.api import api
from openakimat.accounts.models import User
from openakimat.applications.models import Application, ApplicationDocument
from openakimat.integrity.models import AuditEntry
from openakimat.open311.models import ApiKey

from .conftest import IIN, PDF, PNG

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same requests on every run: a failure can be reproduced
)
COUNTED = (Application, ApplicationDocument, AuditEntry, User, ApiKey)

# The resident's and the operator's forms and Open311, in each language.
APPLY = ("applicant_iin", "applicant_name", "applicant_phone", "applicant_email", "language", "consent", "department")
OPEN311_QUERY = ("start_date", "end_date", "status", "service_code", "service_request_id", "locale")
OPEN311_POST = ("api_key", "service_code", "attribute[iin]", "attribute[department]", "first_name", "phone", "email")
WEB = [
    ("POST", "/{lang}/apply/CONS-01/", (*APPLY, "document_1", "idempotency_key")),
    ("POST", "/{lang}/apply/CONS-09/", APPLY),
    ("POST", "/{lang}/track/", ("number", "tracking_code", "action")),
    ("GET", "/{lang}/track/", ("number", "tracking_code")),
    ("POST", "/{lang}/staff/login/", ("username", "password")),
    ("POST", "/{lang}/display/", ("text", "scheme", "images", "next")),
    ("GET", "/{lang}/services/", ("q", "page", "kind")),
    ("GET", "/{lang}/budget/", ("year", "q")),
    ("GET", "/{lang}/service-akimats/", ("q", "page")),
    ("GET", "/{lang}/staff/cases/", ("status", "department", "mine", "q", "page")),
    ("GET", "/open311/v2/requests.json", OPEN311_QUERY),
    ("GET", "/open311/v2/requests.xml", OPEN311_QUERY),
    ("POST", "/open311/v2/requests.json", OPEN311_POST),
    ("POST", "/open311/v2/requests.xml", OPEN311_POST),
    ("GET", "/open311/v2/services.xml", ("locale",)),
]


def api_operations() -> list[tuple[str, str, tuple[str, ...]]]:
    """Every operation of the API's schema, with the names of its parameters and body fields."""
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            names = [p["name"] for p in operation.get("parameters", [])]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                body = content.get("schema", {})
                if "$ref" in body:
                    body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
                names += list(body.get("properties", {}))
            found.append((method.upper(), path, tuple(names) or ("q",)))
    return sorted(found)


hostile_text = st.one_of(
    st.text(max_size=40),
    *[
        st.sampled_from(
            [
                "\x00",
                "a\x00b",
                "9" * 30,
                str(2**63),
                "-1",
                "0001-01-01",
                "9999-12-31T23:59:59-12:00",
                "1e400",
                "NaN",
                IIN,
                "CONS-09",
                "true",
                "' OR 1=1 --",
                "<script>",
                "x" * 5000,
            ]
        )
    ]
    * 3,
)
DATES = [
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "2026-13-45",
    "2026-02-30",
]
NUMBERS = ["0", "-1", str(2**63), str(2**63 - 1), str(2**64), "9" * 40, "1e400", "NaN", "1.5", "٣"]


def value_for(name: str):
    """A hostile value, chosen by what the name suggests it holds."""
    if "date" in name:
        return st.one_of(st.sampled_from(DATES), hostile_text)
    if name in {"department", "page", "page_size", "year", "version", "days", "user", "limit"} or name.endswith("_id"):
        return st.one_of(st.sampled_from(NUMBERS), hostile_text)
    return hostile_text


raw_bytes = st.one_of(st.binary(max_size=64), st.sampled_from([b"\xff\xfe", b"\xc3\x28", b"%FF", b"\x00"]))
file_content = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([PDF, PNG, PDF + b"<html>", b"%PDF-1.4\nMZ\x90This program cannot be run in DOS mode", PNG[:20]]),
)


@st.composite
def requests(draw, endpoint):
    method, template, known = endpoint
    lang = draw(st.sampled_from(["kk", "ru", "en"]))
    path = template.replace("{lang}", lang)
    while "{" in path:  # a path parameter: any text, quoted as a client would
        start, end = path.index("{"), path.index("}")
        value = draw(st.one_of(st.sampled_from(["593400000", "CONS-09", "AKZ-2026-000001", "1"]), hostile_text))
        path = path[:start] + (quote(value, safe="") or "x") + path[end + 1 :]
    # Mostly the names the forms and operations read, so that the values reach their parsing.
    names = st.one_of(*[st.sampled_from(known)] * 4, st.text(min_size=1, max_size=12))
    query = {name: draw(value_for(name)) for name in draw(st.lists(names, max_size=3))}
    fields = {name: draw(value_for(name)) for name in draw(st.lists(names, max_size=6))}
    kind = draw(st.sampled_from(["form", "multipart", "json", "text", "bytes", "none"]))
    request = {"method": method, "path": path, "query": query, "kind": kind, "fields": fields}
    if kind == "multipart":
        request["files"] = draw(
            st.dictionaries(st.sampled_from(["document_1", "document_2", "x"]), file_content, max_size=2)
        )
    if kind == "bytes":
        request["body"] = draw(raw_bytes) + json.dumps(fields).encode() + draw(raw_bytes)
    return request


def send(client, request):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path, method, kind = request["path"], request["method"], request["kind"]
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in request["query"].items())
    extra = {"QUERY_STRING": query}
    if method == "GET" or kind == "none":
        return client.generic(method, path, **extra)
    fields = request["fields"]
    if kind == "form":
        from urllib.parse import urlencode

        return client.generic(method, path, urlencode(fields), "application/x-www-form-urlencoded", **extra)
    if kind == "multipart":
        data = dict(fields)
        for name, content in request.get("files", {}).items():
            data[name] = SimpleUploadedFile("scan.pdf", content)
        return client.post(path, data, **extra) if method == "POST" else client.generic(method, path, **extra)
    if kind == "json":
        return client.generic(method, path, json.dumps(fields), "application/json", **extra)
    if kind == "text":
        return client.generic(method, path, json.dumps(fields), "text/plain", **extra)
    return client.generic(method, path, request["body"], "application/json", **extra)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in COUNTED)


def check(client, request):
    cache.clear()  # rate limits would turn later requests into 429s and hide what they reach
    before = counts()
    response = client and send(client, request)
    assert response.status_code < 500, (request, response.status_code, response.content[:300])
    if 400 <= response.status_code < 500:
        assert counts() == before, (request, response.status_code)


@pytest.fixture
def cast(offering, address_reference, register, specialist, staff_client):
    register()
    return {"anonymous": None, "staff": staff_client(specialist)}


@pytest.mark.parametrize("endpoint", api_operations(), ids=lambda e: f"{e[0]} {e[1]}")
@FUZZ
@given(data=st.data())
def test_no_api_operation_gives_a_5xx_or_saves_on_a_4xx(client, cast, endpoint, data):
    request = data.draw(requests(endpoint))
    as_staff = data.draw(st.booleans())
    check(cast["staff"] if as_staff else client, request)


@pytest.mark.parametrize("endpoint", WEB, ids=lambda e: f"{e[0]} {e[1]}")
@FUZZ
@given(data=st.data())
def test_no_public_form_gives_a_5xx_or_saves_on_a_4xx(client, cast, endpoint, data):
    check(client, data.draw(requests(endpoint)))

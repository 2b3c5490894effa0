"""Every staff page and every API operation, tried as every kind of caller, against the policy
table in `authz_matrix.py`.

The endpoints are found, not listed: the staff pages by walking the URL conf (every pattern under
/<language>/staff/), the API operations from the OpenAPI schema. An endpoint missing from the table
fails the test, and so does a table entry that matches no endpoint any more. Each try runs in a
transaction that is rolled back, so every caller meets the same case."""

import copy
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern

from conftest import make_staff, verified_client
from openakimat.accounts.models import User
from openakimat.applications.services import Applicant, Upload, application_register
from openakimat.applications.tests.conftest import IIN, PDF, SYSTEM
from openakimat.catalogue.models import ServiceOffering
from openakimat.catalogue.services import DocumentSpec, public_service_create
from openakimat.common.roles import DEPARTMENT_ROLES, Role

from .authz_matrix import OPERATIONS, PAGES, Rule

STAFF_PREFIX = "staff/"
LOGIN, DENIED, LET_THROUGH = "sign-in asked", "refused", "let through"


class RolledBack(Exception):
    pass


# --- what there is ---------------------------------------------------------------------------------


def staff_pages() -> dict[str, list[str]]:
    """URL name -> the names of its parameters, for every pattern under /<language>/staff/."""
    found: dict[str, list[str]] = {}

    def walk(patterns, route: str, namespace: str, localized: bool) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
                is_locale = isinstance(entry.pattern, LocalePrefixPattern)
                walk(
                    entry.url_patterns,
                    route if is_locale else route + str(entry.pattern),
                    inner or namespace,
                    localized or is_locale,
                )
            elif isinstance(entry, URLPattern):
                full = route + str(entry.pattern)
                if localized and full.startswith(STAFF_PREFIX):
                    assert entry.name, f"the staff page {full} has no URL name: name it and add it to the matrix"
                    name = f"{namespace}:{entry.name}" if namespace else entry.name
                    found[name] = list(entry.pattern.regex.groupindex)

    walk(get_resolver().url_patterns, "", "", False)
    return found


def api_operations(client: Client) -> dict[str, tuple[str, str, dict]]:
    """operationId -> (method, path, operation) from the OpenAPI schema."""
    schema = client.get("/api/v1/openapi.json").json()
    return {
        operation["operationId"]: (method, path, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


# --- who asks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    label: str
    role: str | None = None  # None: anonymous
    home: bool = True  # the role is held in the case's akimat (Akzhar), else in Aiyrtau
    superuser: bool = False


CALLERS = [
    Caller("anonymous"),
    *(Caller(f"{role} of Akzhar", role) for role in Role),
    *(Caller(f"{role} of Aiyrtau", role, home=False) for role in Role),
    Caller("superuser", superuser=True),
]


def expected(rule: Rule, caller: Caller) -> str:
    if caller.role is None and not caller.superuser:
        return LOGIN
    if caller.superuser:
        return LET_THROUGH if rule.superuser else DENIED
    if caller.role not in rule.allowed or (rule.scoped and not caller.home):
        return DENIED
    return LET_THROUGH


def observed(response, *, page: bool) -> str:
    status = response.status_code
    assert status < 500, (status, response.content[:300])
    if page and status == 302 and "/staff/login/" in response["Location"]:
        return LOGIN
    if not page and status == 401:
        return LOGIN
    if status in (403, 404):
        return DENIED
    return LET_THROUGH


# --- the cast ------------------------------------------------------------------------------------


@pytest.fixture
def cast(akzhar_construction, aiyrtau_construction, superuser):
    """A service rendered in both districts, a case at Akzhar with a document, a signed-in client
    for every caller, and the values of the addresses' parameters."""
    apz = public_service_create(
        actor=SYSTEM,
        code="CONS-01",
        department_kind="construction",
        name_en="Architectural-planning assignment",
        name_ru="АПЗ",
        name_kk="СЖТ",
        term_value=6,
        term_unit="working_days",
        extended_term_value=15,
        extended_term_unit="working_days",
        fee=Decimal(0),
        online=True,
        documents=[DocumentSpec("Application", "Заявление", "Өтініш", True, "pdf")],
    )
    offering = ServiceOffering.objects.create(service=apz, department=akzhar_construction)
    ServiceOffering.objects.create(service=apz, department=aiyrtau_construction)
    clients: dict[str, Client] = {"anonymous": Client(), "superuser": verified_client(superuser)}
    people: dict[str, User] = {}
    for caller in CALLERS:
        if caller.role is None:
            continue
        department = akzhar_construction if caller.home else aiyrtau_construction
        user = make_staff(
            caller.label.replace(" ", "."),
            caller.role,
            department.akimat,
            department if caller.role in DEPARTMENT_ROLES else None,
        )
        people[caller.label] = user
        clients[caller.label] = verified_client(user)
    case = application_register(
        actor=people["operator of Akzhar"],
        offering=offering,
        applicant=Applicant(iin=IIN, name="Айгерім Сәтбаева", phone="+7 701 123 4567"),
        consent=True,
        documents=[Upload(io.BytesIO(PDF), "application.pdf", required=apz.documents.get())],
    )
    values = {
        "number": case.number,
        "kato": case.akimat.territory.kato,
        "document_id": str(case.documents.get().pk),
        "code": "CONS-01",
        "slug": "no-such-project",
        "year": "2026",
    }
    body = {
        "version": case.version,
        "note": "Noted.",
        "basis": "Article 19.",
        "assignee": people["specialist of Akzhar"].username,
        "department": aiyrtau_construction.pk,
        "reason": "The resident asked.",
        "hours_en": "09:00–18:00",
    }
    return {"clients": clients, "values": values, "body": body}


def attempt(client: Client, method: str, url: str, data: dict | None = None, **extra):
    """The response of the request, with whatever it changed rolled back, the client's cookies
    too (a sign-out or a sign-in must not change who the next try is made as)."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            raise RolledBack(getattr(client, method)(url, data, **extra))
    except RolledBack as done:
        response = done.args[0]
    finally:
        client.cookies = cookies
    if response.streaming:
        # Read to the end: the test client then closes the file without closing the connection.
        b"".join(response.streaming_content)
    return response


def fill(names, rule: Rule, values: dict[str, str], where: str) -> dict[str, str]:
    unknown = [n for n in names if n not in rule.params and n not in values]
    assert not unknown, f"{where}: no value for the parameter(s) {unknown}; add one to the cast of test_authz_matrix"
    return {n: rule.params.get(n, values.get(n, "")) for n in names}


# --- the tests -----------------------------------------------------------------------------------


def test_every_staff_page_and_api_operation_is_in_the_policy_matrix(client, db):
    pages = set(staff_pages())
    operations = set(api_operations(client))
    assert pages, "no staff page found: has the staff site moved from /<language>/staff/?"
    assert not pages - PAGES.keys(), f"new staff page(s) not in the policy matrix: {sorted(pages - PAGES.keys())}"
    assert not operations - OPERATIONS.keys(), (
        f"new API operation(s) not in the policy matrix: {sorted(operations - OPERATIONS.keys())}"
    )
    assert not PAGES.keys() - pages, f"the matrix names pages that no longer exist: {sorted(PAGES.keys() - pages)}"
    assert not OPERATIONS.keys() - operations, (
        f"the matrix names operations that no longer exist: {sorted(OPERATIONS.keys() - operations)}"
    )


def test_every_staff_page_answers_every_caller_as_the_policy_says(cast):
    mismatches = []
    for name, parameters in staff_pages().items():
        rule = PAGES.get(name)
        if rule is None:
            continue  # reported by the test above
        url = reverse(name, kwargs=fill(parameters, rule, cast["values"], name))
        for method in rule.methods:
            for caller in CALLERS:
                data = cast["body"] if method == "post" else None
                response = attempt(cast["clients"][caller.label], method, url, data)
                got = observed(response, page=True)
                ok = response.status_code not in (401, 403) if rule.public else got == expected(rule, caller)
                if not ok:
                    mismatches.append(f"{method.upper()} {url} as {caller.label}: {got} ({response.status_code})")
    assert not mismatches, "pages that do not keep to the policy matrix:\n" + "\n".join(mismatches)


def test_every_api_operation_answers_every_caller_as_the_policy_says(cast, client):
    mismatches = []
    for operation_id, (method, path, operation) in api_operations(client).items():
        rule = OPERATIONS.get(operation_id)
        if rule is None:
            continue  # reported by the first test
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
        url = path.format(**fill(names, rule, cast["values"], operation_id))
        for caller in CALLERS:
            if "requestBody" in operation:
                response = attempt(
                    cast["clients"][caller.label], method, url, cast["body"], content_type="application/json"
                )
            else:
                response = attempt(cast["clients"][caller.label], method, url)
            got = observed(response, page=False)
            ok = response.status_code not in (401, 403) if rule.public else got == expected(rule, caller)
            if not ok:
                mismatches.append(
                    f"{method.upper()} {url} ({operation_id}) as {caller.label}: {got} ({response.status_code})"
                )
            if got == LOGIN:
                assert response["Content-Type"].startswith("application/json")
    assert not mismatches, "operations that do not keep to the policy matrix:\n" + "\n".join(mismatches)

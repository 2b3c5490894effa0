"""schemathesis against the API's own OpenAPI schema (/api/v1/openapi.json), through Django's WSGI
application: every operation, with generated valid and invalid input, anonymously and with a staff
bearer token, under all of schemathesis's checks (no server error, every status code and content
type declared, every answer fits its schema, invalid input refused, …).

Bounded for the suite (`SCHEMATHESIS_EXAMPLES`, 10 by default, generated cases per operation and
phase). docs/api.md has the command of a longer run."""

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")

from django.conf import settings as settings_module  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402

from conftest import make_staff  # noqa: E402
from openakimat.accounts.models import Role  # noqa: E402
from openakimat.api.services import api_token_create  # noqa: E402
from openakimat.applications.services import Applicant, application_register  # noqa: E402
from openakimat.applications.tests.conftest import IIN, make_address_reference  # noqa: E402

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))

# All checks; schemathesis.toml (shared with `schemathesis run`) says why a 400 may answer input
# that fits the schema.
CONFIG = SchemathesisConfig.from_path(settings_module.BASE_DIR / "schemathesis.toml")
# Django's WSGI application itself: config.wsgi adds a start-up check that reads the database,
# which a module may not do while the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """Django closes a connection left inside a transaction when a request finishes; through the
    WSGI application that would close the test's own transaction. Django's test client stops the
    same signal handlers for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(akzhar_construction, region_akimat, talshik_akimat, superuser):
    """Something behind each kind of address: territories and akimats, a service with its
    offering, a registered case, and staff with a token."""
    offering = make_address_reference(akzhar_construction)
    application_register(
        actor=None,
        offering=offering,
        applicant=Applicant(iin=IIN, name="Айгерім Сәтбаева", phone="+7 701 123 4567", email="", language="kk"),
        consent=True,
        channel="online",
    )
    head = make_staff("gulnar.head", Role.HEAD, akzhar_construction.akimat, akzhar_construction)
    return {"token": api_token_create(actor=superuser, user=head, name="schemathesis").raw}


@pytest.fixture(params=["anonymous", "staff token"])
def caller_headers(request, api_data) -> dict[str, str]:
    if request.param == "anonymous":
        return {}
    return {"Authorization": f"Bearer {api_data['token']}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no example database written into the tree
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, caller_headers):
    case.call_and_validate(headers=caller_headers)

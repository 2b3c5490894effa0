"""The read-replica router: anonymous reads of public data go to a replica when one is configured,
everything else (writes, reads in a transaction, staff, private data) to the primary.

"replica" is a second alias of the test database (TEST MIRROR in config/test_settings.py): a real,
separate connection, so these tests see which connection each query really went through. They
commit their data (transaction=True), since the second connection can't see another's open
transaction."""

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from openakimat.accounts.models import User
from openakimat.catalogue.models import PublicService
from openakimat.common.replicas import ReplicaRouter, replica_reads
from openakimat.territory.models import Territory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def with_replica(settings):
    settings.DATABASE_REPLICAS = ["replica"]


def tables(queries: CaptureQueriesContext) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


def test_without_a_replica_every_read_goes_to_the_primary(region):
    with replica_reads():
        assert router.db_for_read(Territory) == "default"
        assert Territory.objects.get(kato="590000000") == region


def test_public_data_is_read_from_the_replica_only_inside_replica_reads(with_replica, region):
    assert router.db_for_read(Territory) == "default"
    with replica_reads(), CaptureQueriesContext(connections["replica"]) as on_replica:
        assert router.db_for_read(Territory) == "replica"
        found = Territory.objects.get(kato="590000000")
    assert found == region and found._state.db == "replica"
    assert "territory_territory" in tables(on_replica)


def test_private_data_and_sessions_never_come_from_the_replica(with_replica, operator):
    with replica_reads(), CaptureQueriesContext(connections["replica"]) as on_replica:
        assert router.db_for_read(User) == "default"
        assert User.objects.get(username="dana.operator") == operator
    assert on_replica.captured_queries == []


def test_reads_inside_a_transaction_stay_on_the_primary(with_replica, region):
    with replica_reads(), transaction.atomic(), CaptureQueriesContext(connections["replica"]) as on_replica:
        assert router.db_for_read(Territory) == "default"
        Territory.objects.select_for_update().get(kato="590000000")
    assert on_replica.captured_queries == []


def test_an_object_read_from_the_replica_is_written_to_the_primary(with_replica, region):
    with replica_reads():
        found = Territory.objects.get(kato="590000000")
        assert router.db_for_write(Territory, instance=found) == "default"
        found.name_en = "North Kazakhstan"
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            found.save(update_fields=["name_en"])
    assert "UPDATE" not in tables(on_replica)
    assert Territory.objects.get(kato="590000000").name_en == "North Kazakhstan"


def test_the_replica_is_never_migrated(with_replica):
    assert ReplicaRouter().allow_migrate("replica", "territory") is False
    assert ReplicaRouter().allow_migrate("default", "territory") is None


@pytest.fixture
def birth(db):
    from openakimat.catalogue.tests.conftest import make_service

    return make_service()


def test_an_anonymous_page_view_reads_the_register_from_the_replica(with_replica, client, birth):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get("/en/services/ZAGS-01/")
    assert response.status_code == 200
    assert "catalogue_publicservice" in tables(on_replica)


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "get", "cookie": True},  # a session: staff, or a resident's receipt
        {"method": "get", "headers": {"Authorization": "Bearer abc"}},  # an API client with a token
        {"method": "post"},
    ],
    ids=["session", "token", "post"],
)
def test_requests_that_may_follow_a_write_read_the_primary(with_replica, client, birth, request_kwargs):
    if request_kwargs.get("cookie"):
        client.cookies["sessionid"] = "not-a-real-session"
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        call = getattr(client, request_kwargs["method"])
        call("/en/services/ZAGS-01/", headers=request_kwargs.get("headers", {}))
    assert on_replica.captured_queries == []


def test_without_a_replica_the_middleware_changes_nothing(client, birth):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/en/services/ZAGS-01/").status_code == 200
    assert on_replica.captured_queries == []
    assert PublicService.objects.filter(code="ZAGS-01").exists()

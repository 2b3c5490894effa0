"""Case numbers are unique across akimats by construction: an akimat without a prefix of its own
numbers with its whole KATO code (which no other territory has), and a number already taken —
a prefix given up by one akimat and taken by another — is skipped, never a server error."""

import threading
from datetime import datetime

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction

from conftest import make_akimat, make_department, make_territory
from openakimat.applications.models import Application
from openakimat.applications.services import Upload, application_register
from openakimat.catalogue.models import ServiceOffering
from openakimat.common.calendar import ALMATY
from openakimat.territory.models import AkimatKind, TerritoryLevel
from openakimat.territory.services import akimat_update

from .conftest import applicant, pdf
from .test_public_views import form_data

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=ALMATY)


def apply_online(offering):
    return application_register(
        actor=None,
        offering=offering,
        applicant=applicant(),
        consent=True,
        documents=[Upload(*pdf(), required=offering.service.documents.get(order=1))],
        channel="online",
        now=NOW,
    )


def offering_at(akimat, apz):
    return ServiceOffering.objects.create(service=apz, department=make_department(akimat))


@pytest.fixture
def two_okrugs(akzhar, talshik_akimat):
    """Two rural okrugs of Akzhar district, neither with a prefix of its own: their KATO codes
    share the first four digits (5934) with each other and with the district."""
    kenzhegaly = make_territory("593440000", TerritoryLevel.RURAL_OKRUG, akzhar, "Kenzhegaly rural okrug")
    return talshik_akimat, make_akimat(kenzhegaly, AkimatKind.RURAL_OKRUG)


def test_two_okrugs_of_a_district_without_prefixes_each_register_with_their_own_numbers(apz, two_okrugs):
    talshik, kenzhegaly = two_okrugs
    assert talshik.case_prefix == kenzhegaly.case_prefix == ""
    first = apply_online(offering_at(talshik, apz))
    second = apply_online(offering_at(kenzhegaly, apz))
    assert first.number == "593430000-2026-000001"
    assert second.number == "593440000-2026-000001"
    assert Application.objects.count() == 2


def test_residents_of_both_okrugs_get_a_receipt_not_a_500(client, apz, two_okrugs):
    cache.clear()  # the submission rate limit
    offerings = [offering_at(akimat, apz) for akimat in two_okrugs]
    for offering in offerings:
        response = client.post(f"/en/apply/{apz.code}/", form_data(offering))
        assert response.status_code == 302 and response["Location"] == "/en/apply/receipt/"
    numbers = set(Application.objects.filter(akimat__in=two_okrugs).values_list("number", flat=True))
    assert len(numbers) == 2


def test_a_number_left_by_a_prefix_given_up_is_skipped(apz, akzhar_akimat, aiyrtau_akimat, superuser):
    """AKZ numbers its first case, then takes another prefix; AIR takes AKZ over and counts from 1:
    its first number is taken, so it gets the next one instead of failing."""
    akzhar, aiyrtau = offering_at(akzhar_akimat, apz), offering_at(aiyrtau_akimat, apz)
    assert apply_online(akzhar).number == "AKZ-2026-000001"
    akimat_update(actor=superuser, akimat=akzhar_akimat, case_prefix="AKJ")
    akimat_update(actor=superuser, akimat=aiyrtau_akimat, case_prefix="AKZ")
    assert apply_online(aiyrtau).number == "AKZ-2026-000002"
    assert apply_online(akzhar).number == "AKJ-2026-000002"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_number_taken_at_the_same_moment_is_numbered_afresh(apz, akzhar_akimat, aiyrtau_akimat):
    """Another transaction holds AIR-2026-000001, not yet committed, when Aiyrtau numbers its first
    case: the insert waits for it, fails on the unique number once it commits, and the registration
    is made again with the next number, instead of a server error."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers by locking the whole file")
    akzhar, aiyrtau = offering_at(akzhar_akimat, apz), offering_at(aiyrtau_akimat, apz)
    model = apply_online(akzhar)
    held, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def hold_the_number():
        try:
            with transaction.atomic():
                twin = Application.objects.get(pk=model.pk)
                twin.pk, twin.number, twin.sequence, twin.idempotency_key = None, "AIR-2026-000001", 99, None
                twin.save(force_insert=True)
                held.set()
                release.wait(120)
        except BaseException as exc:  # asserted on below
            failures.append(exc)
            held.set()
        finally:
            connections.close_all()

    def release_once_the_registration_waits():
        try:
            for _ in range(12000):
                with connections["default"].cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock'"
                    )
                    if cursor.fetchone()[0]:
                        break
                threading.Event().wait(0.01)
        finally:
            release.set()
            connections.close_all()

    holder = threading.Thread(target=hold_the_number)
    holder.start()
    held.wait(120)
    watcher = threading.Thread(target=release_once_the_registration_waits)
    watcher.start()
    second = apply_online(aiyrtau)
    holder.join()
    watcher.join()
    assert not failures, failures
    assert second.number == "AIR-2026-000002"
    assert Application.objects.filter(number__startswith="AIR-").count() == 2

"""Residents confirming at the same moment never take more places than there are; a cancel and a
confirmation at once leave every place held by one resident."""

import pytest
from django.db import connection

from openakimat.applications.tests.test_concurrency import run_together
from openakimat.receptions import services
from openakimat.receptions.models import SignUp, SignUpStatus

from .conftest import PHONES, SYSTEM, confirmed, last_code, plan, sign_up

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers by locking the whole file")


def test_confirmations_at_once_fill_the_places_and_the_rest_wait(akzhar_akimat, talshik):
    reception = services.reception_plan(actor=SYSTEM, akimat=akzhar_akimat, plan=plan(capacity=2))
    pending = [sign_up(reception, talshik, phone, client=f"198.51.100.{i}")[0] for i, phone in enumerate(PHONES)]
    codes = [last_code(s) for s in pending]
    results = run_together(len(pending), lambda i: services.signup_confirm(signup=pending[i], code=codes[i]))
    assert all(isinstance(r, SignUp) for r in results), results
    statuses = sorted(SignUp.objects.filter(reception=reception).values_list("status", flat=True))
    assert statuses.count(SignUpStatus.CONFIRMED) == 2 and statuses.count(SignUpStatus.WAITING) == 3
    slots = SignUp.objects.filter(reception=reception, status=SignUpStatus.CONFIRMED).values_list("slot_at", flat=True)
    assert sorted(slots) == reception.slot_times()


def test_a_cancel_and_a_confirmation_at_once_keep_one_resident_per_place(akzhar_akimat, talshik):
    reception = services.reception_plan(actor=SYSTEM, akimat=akzhar_akimat, plan=plan(capacity=1))
    seated, _ = confirmed(reception, talshik, PHONES[0])
    waiting, _ = confirmed(reception, talshik, PHONES[1])
    newcomer, _ = sign_up(reception, talshik, PHONES[2])
    code = last_code(newcomer)
    work = [lambda: services.signup_cancel(signup=seated), lambda: services.signup_confirm(signup=newcomer, code=code)]
    results = run_together(2, lambda i: work[i]())
    assert all(isinstance(r, SignUp) for r in results), results
    confirmed_now = SignUp.objects.filter(reception=reception, status=SignUpStatus.CONFIRMED)
    assert confirmed_now.count() == 1
    # whichever came first, the freed place goes to the one who waited longest
    assert confirmed_now.get().pk == waiting.pk
    newcomer.refresh_from_db()
    assert newcomer.status == SignUpStatus.WAITING

"""Reads for the staff pages: the inbox keeps to the user's scope and never loads the resident's
details; a case out of scope is not found; the inbox query can use its partial index."""

from datetime import datetime

import pytest
from django.db import connection
from django.http import Http404

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.applications import selectors
from openakimat.applications.services import application_move
from openakimat.catalogue.models import ServiceOffering
from openakimat.common.calendar import ALMATY

from .conftest import SHOWN_ID


def numbers(qs):
    return [c.number for c in qs]


def test_the_inbox_keeps_to_the_department_of_a_department_role(register, specialist, aiyrtau_head):
    case = register()
    assert numbers(selectors.inbox(user=specialist)) == [case.number]
    assert numbers(selectors.inbox(user=aiyrtau_head)) == []


def test_the_inbox_is_ordered_by_due_date(register, specialist):
    later = register()
    sooner = register(now=datetime(2026, 11, 2, 10, 0, tzinfo=ALMATY))
    assert numbers(selectors.inbox(user=specialist)) == [sooner.number, later.number]


def test_the_inbox_never_loads_the_residents_details(register, operator):
    register()
    (row,) = selectors.inbox(user=operator)
    deferred = row.get_deferred_fields()
    assert {"applicant_iin", "applicant_name", "applicant_phone", "applicant_email"} <= deferred
    assert "description_en" in row.service.get_deferred_fields()


def test_the_status_filters(register, specialist, operator):
    done, open_ = register(), register()
    application_move(actor=specialist, application=done, move="accept")
    application_move(actor=specialist, application=done, move="complete")
    assert numbers(selectors.inbox(user=specialist)) == [open_.number]
    assert numbers(selectors.inbox(user=specialist, status="ready")) == [done.number]
    assert numbers(selectors.inbox(user=specialist, status="closed")) == []
    application_move(actor=operator, application=done, move="issue", identity=SHOWN_ID)
    assert numbers(selectors.inbox(user=specialist, status="closed")) == [done.number]
    assert len(numbers(selectors.inbox(user=specialist, status="all"))) == 2
    assert numbers(selectors.inbox(user=specialist, status="nonsense")) == [open_.number]


def test_search_by_whole_number_or_a_part(register, specialist):
    first, second = register(), register()
    assert numbers(selectors.inbox(user=specialist, q=f" {first.number.lower()} ")) == [first.number]
    assert numbers(selectors.inbox(user=specialist, q="000002")) == [second.number]
    assert len(numbers(selectors.inbox(user=specialist, q="2026-0000"))) == 2
    assert numbers(selectors.inbox(user=specialist, q="XYZ")) == []


def test_assigned_to_me(register, specialist):
    mine, other = register(), register()
    application_move(actor=specialist, application=mine, move="accept")
    assert numbers(selectors.inbox(user=specialist, assigned_to_me=True)) == [mine.number]
    assert other.number in numbers(selectors.inbox(user=specialist))


def test_case_for_is_not_found_outside_the_scope(register, specialist, aiyrtau_head, akim):
    case = register()
    assert selectors.case_for(user=specialist, number=case.number.lower()) == case
    assert selectors.case_for(user=akim, number=case.number) == case
    with pytest.raises(Http404):
        selectors.case_for(user=aiyrtau_head, number=case.number)
    with pytest.raises(Http404):
        selectors.case_for(user=specialist, number="AKZ-2026-424242")


def test_departments_for_the_filter(specialist, region_observer, akzhar_construction, aiyrtau_construction):
    assert list(selectors.inbox_departments(user=specialist)) == [akzhar_construction]
    assert set(selectors.inbox_departments(user=region_observer)) == {akzhar_construction, aiyrtau_construction}


def test_who_may_be_assigned_and_where_to_transfer(register, specialist, akzhar_head, aiyrtau_construction, operator):
    case = register()
    assert set(selectors.assignable_staff(case=case)) == {specialist, akzhar_head}
    assert list(selectors.transfer_departments(case=case)) == []
    ServiceOffering.objects.create(service=case.service, department=aiyrtau_construction)
    assert list(selectors.transfer_departments(case=case)) == [aiyrtau_construction]


def test_intake_offerings_are_those_of_the_operators_akimats(
    offering, operator, aiyrtau_construction, apz, aiyrtau_akimat, specialist
):
    ServiceOffering.objects.create(service=apz, department=aiyrtau_construction)
    assert list(selectors.intake_offerings(user=operator)) == [offering]
    assert list(selectors.intake_offerings(user=specialist)) == []
    far = make_staff("far.operator", Role.OPERATOR, aiyrtau_akimat)
    assert [o.department for o in selectors.intake_offerings(user=far)] == [aiyrtau_construction]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN and partial indexes: PostgreSQL only")
def test_the_department_inbox_can_read_the_partial_index(register, specialist):
    register()
    qs = selectors.inbox(user=specialist)[:51]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        # On a small table the planner rightly prefers a scan; forbid it to see the index is usable.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "application_inbox" in plan, plan

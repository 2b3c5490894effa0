"""The staff menu's registry: apps contribute entries, and each person sees only those their
roles may use."""

import pytest
from django.urls import reverse

from conftest import make_staff
from openakimat.accounts import staffnav
from openakimat.accounts.models import Role
from openakimat.common.actor import SystemActor


@pytest.fixture
def finance(akzhar_akimat):
    return make_staff("dina.finance", Role.FINANCE, akzhar_akimat)


def keys(actor, view=""):
    return [link.key for link in staffnav.links_for(actor, view)]


def test_the_front_office_operator_gets_the_inbox_the_desk_and_the_consultations(operator):
    assert keys(operator) == [
        "accounts.home",
        "cases.inbox",
        "cases.intake",
        "cases.consultations",
        "queue.halls",
        "appeals.inbox",
        "control.inbox",
        "problems.inbox",
        "receptions.list",
        "meetings.list",
        "news.list",
        "accounts.admin",
    ]


def test_a_department_head_gets_the_inbox_but_not_the_desk(akzhar_head):
    assert keys(akzhar_head) == [
        "accounts.home",
        "cases.inbox",
        "queue.halls",
        "appeals.inbox",
        "control.inbox",
        "problems.inbox",
        "meetings.list",
        "news.list",
        "accounts.admin",
    ]


def test_a_finance_officer_gets_no_case_pages(finance):
    # Every staff role reads the queue's halls, the meetings and the news.
    assert keys(finance) == ["accounts.home", "queue.halls", "meetings.list", "news.list", "accounts.admin"]


def test_the_secretariat_gets_the_meetings_and_the_news(akzhar_akimat):
    secretary = make_staff("saule.secretary", Role.SECRETARIAT, akzhar_akimat)
    assert keys(secretary) == ["accounts.home", "queue.halls", "meetings.list", "news.list", "accounts.admin"]


def test_nobody_without_a_role_gets_anything(resident):
    assert keys(resident) == []
    assert keys(None) == []


def test_a_superuser_registers_at_any_desk_but_keeps_no_consultation_log(superuser):
    assert "cases.intake" in keys(superuser) and "cases.consultations" not in keys(superuser)


def test_the_current_page_is_marked_also_on_pages_below_an_entry(operator):
    marked = [link.key for link in staffnav.links_for(operator, "cases:detail") if link.is_current]
    assert marked == ["cases.inbox"]
    assert [link.key for link in staffnav.links_for(operator, "cases:new") if link.is_current] == ["cases.intake"]


def test_an_app_adds_an_entry_in_one_place(operator):
    item = staffnav.StaffNavItem(
        key="queue.desk", label="Queue", url_name="cases:consultations", allowed=lambda a: a is operator, order=35
    )
    staffnav.register(item)
    try:
        links = staffnav.links_for(operator)
        assert [link.key for link in links].index("queue.desk") == 3  # between intake (30) and consultations (40)
        assert links[3].url == reverse("cases:consultations")
        assert "queue.desk" not in keys(SystemActor("test"))
    finally:
        staffnav.unregister(["queue.desk"])
    assert "queue.desk" not in keys(operator)

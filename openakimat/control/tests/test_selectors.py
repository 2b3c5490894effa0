"""The register's filters, the staff inbox's scope, and that the inbox, the page and the services
agree with the policy for every role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import make_department, make_staff
from openakimat.common.roles import Role
from openakimat.control import permissions, selectors, services
from openakimat.control.models import Status
from openakimat.control.selectors import RegisterFilters
from openakimat.control.workflow import TRANSITIONS

from .conftest import SYSTEM, make_instruction, make_overdue


@pytest.fixture
def spread(
    akim, akzhar_akimat, akzhar_construction, akzhar_education, talshik_okrug, talshik_akimat, aiyrtau_construction
):
    """Instructions of Akzhar (one overdue, one done, one in Talshik), of Talshik's okrug akimat and
    of Aiyrtau."""
    talshik_housing = make_department(talshik_akimat, "housing")
    made = {
        "late": make_overdue(make_instruction(akim, akzhar_akimat, akzhar_construction, title="Late")),
        "village": make_instruction(akim, akzhar_akimat, akzhar_construction, title="Village", territory=talshik_okrug),
        "school": make_instruction(akim, akzhar_akimat, akzhar_education, title="School"),
        "okrug": make_instruction(SYSTEM, talshik_akimat, talshik_housing, title="Okrug"),
        "aiyrtau": make_instruction(SYSTEM, aiyrtau_construction.akimat, aiyrtau_construction, title="Aiyrtau"),
    }
    made["done"] = services.instruction_complete(
        actor=SYSTEM, instruction=make_instruction(akim, akzhar_akimat, akzhar_construction, title="Done"), result="Ok"
    )
    return made


def titles(filters: RegisterFilters) -> set[str]:
    return {i.title for i in selectors.register(filters)}


def test_the_region_register_shows_everything(spread):
    assert titles(RegisterFilters()) == {"Late", "Village", "School", "Okrug", "Aiyrtau", "Done"}


def test_an_akimat_register_shows_its_subtree(spread, akzhar_akimat, talshik_akimat):
    assert titles(RegisterFilters(akimat=akzhar_akimat)) == {"Late", "Village", "School", "Okrug", "Done"}
    assert titles(RegisterFilters(akimat=talshik_akimat)) == {"Okrug"}


def test_overdue_is_a_filter_though_never_a_status(spread, akzhar_akimat):
    assert titles(RegisterFilters(status=selectors.OVERDUE)) == {"Late"}
    assert titles(RegisterFilters(akimat=akzhar_akimat, status=Status.DONE)) == {"Done"}
    assert "Late" in titles(RegisterFilters(status=Status.ASSIGNED))


def test_filters_by_department_village_and_source(spread, akzhar_education, talshik_okrug):
    assert titles(RegisterFilters(department=akzhar_education)) == {"School"}
    assert titles(RegisterFilters(territory=talshik_okrug)) == {"Village"}
    assert titles(RegisterFilters(source="tests.place")) == {"Late", "Village", "School", "Okrug", "Aiyrtau", "Done"}
    assert titles(RegisterFilters(source="problems.report")) == set()


def test_the_longest_overdue_first_and_otherwise_newest_first(spread):
    rows = list(selectors.register(RegisterFilters()))
    assert rows[0].title == "Done" and rows[-1].title == "Late"


def test_a_page_is_bounded(spread):
    page = selectors.page_of(selectors.register(RegisterFilters()), "1", size=4)
    assert len(page.rows) == 4 and page.has_next
    last = selectors.page_of(selectors.register(RegisterFilters()), "2", size=4)
    assert len(last.rows) == 2 and not last.has_next and last.has_previous
    assert (
        selectors.page_of(selectors.register(RegisterFilters()), "nonsense", size=500).size == selectors.PAGE_SIZE_MAX
    )


def test_the_inbox_is_narrowed_by_scope(spread, akzhar_head, akim, region_observer, aiyrtau_head):
    def inbox(actor, **kw):
        return {i.title for i in selectors.inbox(actor=actor, status="", **kw)}

    assert inbox(akzhar_head) == {"Late", "Village", "Done"}
    assert inbox(akim) == {"Late", "Village", "School", "Okrug", "Done"}
    assert inbox(region_observer) == {"Late", "Village", "School", "Okrug", "Aiyrtau", "Done"}
    assert inbox(aiyrtau_head) == {"Aiyrtau"}
    assert next(iter(selectors.inbox(actor=akim))).title == "Late"  # overdue first


ROLES = [Role.OPERATOR, Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.OBSERVER, Role.ADMIN, Role.FINANCE, Role.MODERATOR]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("home", [True, False])
def test_the_inbox_the_page_and_the_services_agree(role, home, instruction, akzhar_construction, aiyrtau_construction):
    department = akzhar_construction if home else aiyrtau_construction
    user = make_staff(
        f"{role}.{home}", role, department.akimat, department if role in (Role.SPECIALIST, Role.HEAD) else None
    )
    listed = selectors.inbox(actor=user, status="").filter(pk=instruction.pk).exists()
    assert listed == permissions.can_view(user, instruction)
    try:
        selectors.staff_detail(actor=user, number=instruction.number)
        shown = True
    except Http404:
        shown = False
    assert shown == listed
    allowed = {t.name for t in permissions.available_moves(user, instruction)}
    try:
        services.instruction_start(actor=user, instruction=instruction)
        started = True
    except PermissionDenied:
        started = False
    assert started == ("start" in allowed) == (role in (Role.SPECIALIST, Role.HEAD) and home)
    assert permissions.can_make_move(user, instruction, TRANSITIONS["cancel"]) == (
        role in (Role.AKIM, Role.ADMIN) and home
    )

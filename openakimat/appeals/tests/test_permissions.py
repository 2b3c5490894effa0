"""The policy by role and scope, and that the page, the service and the list agree for every role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import make_department, make_staff, verified_client
from openakimat.appeals import permissions, selectors
from openakimat.appeals.models import Appeal
from openakimat.appeals.services import appeal_answer, appeal_draft, appeal_extend, appeal_route
from openakimat.common.errors import ConflictError
from openakimat.common.roles import Role

from .conftest import submit

pytestmark = pytest.mark.django_db

READERS = {Role.OPERATOR, Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.OBSERVER, Role.ADMIN}
EXPECTED = {
    "route": {Role.OPERATOR, Role.AKIM, Role.ADMIN},
    "draft": {Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.ADMIN},
    "extend": {Role.AKIM, Role.ADMIN},
    "answer": {Role.AKIM, Role.ADMIN},
}


@pytest.fixture
def routed(akzhar_akimat, akzhar_construction, operator):
    appeal, _code = submit(akzhar_akimat, publish=True)
    return appeal_route(actor=operator, appeal=appeal, department=akzhar_construction)


def person(role, akimat, department):
    return make_staff(f"{role}.{akimat.pk}", role, akimat, department if role in (Role.SPECIALIST, Role.HEAD) else None)


def attempt(action, actor, appeal, department):
    calls = {
        "route": lambda: appeal_route(actor=actor, appeal=appeal, department=department),
        "draft": lambda: appeal_draft(actor=actor, appeal=appeal, text="A draft."),
        "extend": lambda: appeal_extend(actor=actor, appeal=appeal, reason="More time."),
        "answer": lambda: appeal_answer(actor=actor, appeal=appeal, text="An answer."),
    }
    try:
        calls[action]()
    except PermissionDenied:
        return False
    except ConflictError:
        return True
    return True


@pytest.mark.parametrize("role", list(Role))
def test_the_page_the_service_and_the_list_agree_for_every_role(
    role, routed, akzhar_construction, aiyrtau_construction
):
    home = person(role, akzhar_construction.akimat, akzhar_construction)
    away = person(role, aiyrtau_construction.akimat, aiyrtau_construction)
    for actor, reaches in ((home, True), (away, False)):
        sees = permissions.can_view(actor, routed)
        assert sees == (reaches and role in READERS)
        assert Appeal.objects.filter(permissions.appeals_q(actor), pk=routed.pk).exists() == sees
        page = verified_client(actor).get(reverse("appeals-staff:detail", kwargs={"appeal_number": routed.number}))
        assert page.status_code == (200 if sees else 404)
        html = page.content.decode()
        assert ('id="author"' in html) == (reaches and role in {Role.OPERATOR, Role.AKIM, Role.ADMIN, Role.OBSERVER})
        for action, roles in EXPECTED.items():
            allowed = reaches and role in roles
            offered = getattr(permissions, f"can_{action}")(actor, routed)
            assert offered == allowed, (action, role, reaches)
            assert (f'id="{action}-button"' in html) == allowed, (action, role)
            fresh = Appeal.objects.get(pk=routed.pk)
            assert attempt(action, actor, fresh, akzhar_construction) == allowed, (action, role, reaches)
            Appeal.objects.filter(pk=routed.pk).update(
                status=routed.status, extended_at=None, extension_reason="", answer="", due_on=routed.due_on
            )


def test_a_department_sees_only_appeals_passed_to_it(akzhar_akimat, akzhar_construction, akzhar_head, operator):
    appeal, _code = submit(akzhar_akimat)
    assert not permissions.can_view(akzhar_head, appeal)
    assert not selectors.inbox(actor=akzhar_head).exists()
    education = make_staff("education.head", Role.HEAD, akzhar_akimat, make_department(akzhar_akimat, "education"))
    appeal_route(actor=operator, appeal=appeal, department=akzhar_construction)
    assert list(selectors.inbox(actor=akzhar_head)) == [appeal]
    assert not selectors.inbox(actor=education).exists()


def test_the_menu_entry_follows_the_roles(operator, akzhar_akimat, resident):
    assert permissions.can_open_appeals(operator)
    assert not permissions.can_open_appeals(make_staff("dina.finance", Role.FINANCE, akzhar_akimat))
    assert not permissions.can_open_appeals(resident)

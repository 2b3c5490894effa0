"""A role asked for but not yet approved by a second administrator gives nothing: not the
applicant's details, not the case, not a place among the people a head may give a case to."""

from django.contrib.auth import get_user_model

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.accounts.services import role_grant, role_grant_approve
from openakimat.applications import permissions, selectors
from openakimat.common.iin import iin_mask

from .conftest import IIN


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)  # scopes are read once per object


def test_a_pending_observer_grant_gives_no_access_to_the_applicant(staff_client, case, akzhar_admin, akzhar_akimat):
    second_admin = make_staff("saule.admin", Role.ADMIN, akzhar_akimat)
    newcomer = get_user_model().objects.create_user(username="new.observer", password="correct-horse-battery")
    grant = role_grant(actor=akzhar_admin, user=newcomer, role=Role.OBSERVER, akimat=akzhar_akimat)
    url = f"/en/staff/cases/{case.number}/"

    assert not permissions.can_see_applicant(fresh(newcomer), case)
    assert not permissions.can_view_case(fresh(newcomer), case)
    assert not selectors.inbox(user=fresh(newcomer)).exists()
    response = staff_client(fresh(newcomer)).get(url)
    assert response.status_code in (302, 403, 404)
    assert IIN not in response.content.decode()

    role_grant_approve(actor=second_admin, grant=grant)
    assert permissions.can_see_applicant(fresh(newcomer), case)
    client = staff_client(fresh(newcomer))
    response = client.get(url)
    assert response.status_code == 200
    assert iin_mask(IIN) in response.content.decode()  # masked until asked for
    assert IIN in client.post(f"{url}iin/").content.decode()


def test_a_pending_specialist_is_not_offered_to_the_head(case, akzhar_admin, akzhar_construction):
    newcomer = get_user_model().objects.create_user(username="new.specialist", password="correct-horse-battery")
    role_grant(
        actor=akzhar_admin,
        user=newcomer,
        role=Role.SPECIALIST,
        akimat=akzhar_construction.akimat,
        department=akzhar_construction,
    )
    assert newcomer not in selectors.assignable_staff(case=case)
    assert not permissions.can_take_case(fresh(newcomer), case)

"""Separation of duties in role grants: nobody gives a role to themselves, and a role that reads
residents' data takes effect only when a second administrator approves the request; each step is
audited under the akimat it concerns."""

import threading

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import translation

from conftest import make_staff
from openakimat.accounts.models import GrantState, Role, RoleGrant, User
from openakimat.accounts.permissions import can_approve_grant
from openakimat.accounts.services import role_grant, role_grant_approve, role_grant_reject
from openakimat.common.actor import SystemActor
from openakimat.common.errors import ConflictError
from openakimat.common.roles import PERSONAL_DATA_ROLES
from openakimat.integrity.models import AuditEntry
from openakimat.territory.permissions import can_view_staff_area


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def newcomer(db):
    return User.objects.create_user(username="new.observer", password="correct-horse-battery")


@pytest.fixture
def second_admin(akzhar_akimat):
    return make_staff("saule.admin", Role.ADMIN, akzhar_akimat)


@pytest.fixture
def aiyrtau_admin(aiyrtau_akimat):
    return make_staff("nurlan.admin", Role.ADMIN, aiyrtau_akimat)


def request_observer(actor, user, akimat):
    return role_grant(actor=actor, user=user, role=Role.OBSERVER, akimat=akimat)


# --- nobody gives a role to themselves ---------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.OPERATOR, Role.FINANCE, Role.AKIM, Role.ADMIN])
def test_an_administrator_cannot_give_themselves_any_role(akzhar_admin, akzhar_akimat, role):
    with pytest.raises(PermissionDenied, match="Nobody can give a role to themselves"):
        role_grant(actor=akzhar_admin, user=akzhar_admin, role=role, akimat=akzhar_akimat)
    assert list(RoleGrant.objects.filter(user=akzhar_admin).values_list("role", flat=True)) == ["admin"]
    assert not AuditEntry.objects.filter(action__startswith="role.").exists()


def test_a_superuser_cannot_give_themselves_a_role_either(superuser, akzhar_akimat):
    with pytest.raises(PermissionDenied):
        role_grant(actor=superuser, user=superuser, role=Role.OBSERVER, akimat=akzhar_akimat)
    assert not RoleGrant.objects.filter(user=superuser).exists()


def test_the_admin_form_refuses_a_grant_to_oneself(staff_client, akzhar_admin, akzhar_akimat):
    response = staff_client(akzhar_admin).post(
        "/admin/accounts/rolegrant/add/",
        {"username": akzhar_admin.username, "role": "observer", "akimat": akzhar_akimat.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200  # the form again, with the service's refusal on it
    assert "Nobody can give a role to themselves" in response.content.decode()
    assert list(RoleGrant.objects.filter(user=akzhar_admin).values_list("role", flat=True)) == ["admin"]
    assert not AuditEntry.objects.filter(action__startswith="role.").exists()


# --- the two-person rule ---------------------------------------------------------------------------


def test_the_roles_that_read_residents_data_are_those_that_see_applicants_or_their_files():
    from openakimat.applications.permissions import SEE_APPLICANT, VIEW_CASES

    assert set(SEE_APPLICANT) <= PERSONAL_DATA_ROLES
    assert set(VIEW_CASES) <= PERSONAL_DATA_ROLES  # a case's page lists the resident's documents
    assert {Role.ADMIN, Role.FINANCE, Role.MODERATOR}.isdisjoint(PERSONAL_DATA_ROLES)


def test_a_data_reading_role_waits_for_a_second_administrator(akzhar_admin, second_admin, newcomer, akzhar_akimat):
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    assert grant.state == GrantState.PENDING
    fresh = User.objects.get(pk=newcomer.pk)
    assert fresh.scopes == ()
    assert not fresh.is_staff
    assert not can_view_staff_area(fresh, akzhar_akimat)

    role_grant_approve(actor=second_admin, grant=grant)
    grant.refresh_from_db()
    assert grant.state == GrantState.ACTIVE
    assert (grant.granted_by, grant.decided_by) == (akzhar_admin, second_admin)
    fresh = User.objects.get(pk=newcomer.pk)
    assert [s.role for s in fresh.scopes] == ["observer"]
    assert fresh.is_staff
    assert can_view_staff_area(fresh, akzhar_akimat)


def test_the_request_and_the_approval_are_audited_under_the_akimat(akzhar_admin, second_admin, newcomer, akzhar_akimat):
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    role_grant_approve(actor=second_admin, grant=grant)
    request = AuditEntry.objects.get(action="role.request")
    approval = AuditEntry.objects.get(action="role.approve")
    assert (request.actor, request.akimat, request.object_id) == (akzhar_admin, akzhar_akimat, str(grant.pk))
    assert (approval.actor, approval.akimat, approval.object_id) == (second_admin, akzhar_akimat, str(grant.pk))
    assert approval.data["requested_by"] == akzhar_admin.username
    assert approval.data["user"] == newcomer.username
    assert not AuditEntry.objects.filter(action="role.grant").exists()


def test_the_one_who_asked_cannot_approve(akzhar_admin, newcomer, akzhar_akimat):
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    assert not can_approve_grant(akzhar_admin, grant)
    with pytest.raises(PermissionDenied, match="another administrator must approve it"):
        role_grant_approve(actor=akzhar_admin, grant=grant)
    grant.refresh_from_db()
    assert grant.state == GrantState.PENDING
    assert not AuditEntry.objects.filter(action="role.approve").exists()


def test_the_one_who_receives_the_role_cannot_approve(akzhar_admin, second_admin, akzhar_akimat):
    grant = request_observer(akzhar_admin, second_admin, akzhar_akimat)
    with pytest.raises(PermissionDenied, match="Nobody can approve a role for themselves"):
        role_grant_approve(actor=second_admin, grant=grant)
    grant.refresh_from_db()
    assert grant.state == GrantState.PENDING


def test_an_administrator_of_another_district_cannot_approve(akzhar_admin, aiyrtau_admin, newcomer, akzhar_akimat):
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    with pytest.raises(PermissionDenied):
        role_grant_approve(actor=aiyrtau_admin, grant=grant)
    grant.refresh_from_db()
    assert grant.state == GrantState.PENDING


def test_the_database_refuses_an_approval_by_the_one_who_asked(akzhar_admin, newcomer, akzhar_akimat):
    from django.db import IntegrityError, transaction

    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.filter(pk=grant.pk).update(state=GrantState.ACTIVE, decided_by=akzhar_admin)


def test_an_approved_request_cannot_be_approved_again(akzhar_admin, second_admin, superuser, newcomer, akzhar_akimat):
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    role_grant_approve(actor=second_admin, grant=grant)
    with pytest.raises(ConflictError, match="already been decided"):
        role_grant_approve(actor=superuser, grant=grant)
    assert AuditEntry.objects.filter(action="role.approve").count() == 1


def test_roles_that_read_no_residents_data_are_granted_at_once(akzhar_admin, newcomer, akzhar_akimat):
    for role in (Role.FINANCE, Role.MODERATOR, Role.ADMIN):
        assert role_grant(actor=akzhar_admin, user=newcomer, role=role, akimat=akzhar_akimat).state == "active"
    assert AuditEntry.objects.filter(action="role.grant", akimat=akzhar_akimat).count() == 3


def test_the_machine_grants_directly(newcomer, akzhar_akimat):
    grant = request_observer(SystemActor("load_demo"), newcomer, akzhar_akimat)
    assert grant.state == GrantState.ACTIVE


def test_a_second_request_for_the_same_role_is_refused(akzhar_admin, second_admin, newcomer, akzhar_akimat):
    request_observer(akzhar_admin, newcomer, akzhar_akimat)
    with pytest.raises(ValidationError, match="already has this role"):
        request_observer(second_admin, newcomer, akzhar_akimat)
    assert RoleGrant.objects.filter(user=newcomer).count() == 1


# --- rejection ---------------------------------------------------------------------------------------


def test_a_rejection_needs_a_reason_and_is_audited(akzhar_admin, second_admin, newcomer, akzhar_akimat):
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    with pytest.raises(ValidationError) as missing:
        role_grant_reject(actor=second_admin, grant=grant, reason="   ")
    assert missing.value.message_dict == {"reason": ["Say why the request is rejected."]}
    grant.refresh_from_db()
    assert grant.state == GrantState.PENDING

    role_grant_reject(actor=second_admin, grant=grant, reason="Not a member of the anti-corruption council.")
    grant.refresh_from_db()
    assert (grant.state, grant.decided_by) == (GrantState.REJECTED, second_admin)
    assert grant.rejection_reason == "Not a member of the anti-corruption council."
    assert User.objects.get(pk=newcomer.pk).scopes == ()
    entry = AuditEntry.objects.get(action="role.reject")
    assert (entry.actor, entry.akimat) == (second_admin, akzhar_akimat)
    assert entry.data["reason"] == "Not a member of the anti-corruption council."
    with pytest.raises(ConflictError):
        role_grant_approve(actor=second_admin, grant=grant)
    # The rejected request stays on record and the role can be asked for again.
    assert request_observer(akzhar_admin, newcomer, akzhar_akimat).state == GrantState.PENDING


def test_the_one_who_asked_may_withdraw_the_request(akzhar_admin, newcomer, akzhar_akimat):
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    role_grant_reject(actor=akzhar_admin, grant=grant, reason="Asked for the wrong person.")
    grant.refresh_from_db()
    assert grant.state == GrantState.REJECTED
    assert grant.decided_by is None  # only a second person is recorded as the decider
    assert AuditEntry.objects.get(action="role.reject").actor == akzhar_admin


# --- existing grants ---------------------------------------------------------------------------------


def test_the_migration_holds_grants_people_gave_themselves(akzhar_admin, newcomer, akzhar_akimat):
    import importlib

    migration = importlib.import_module("openakimat.accounts.migrations.0002_grant_requests")
    ordinary = RoleGrant.objects.create(user=newcomer, role=Role.FINANCE, akimat=akzhar_akimat, granted_by=akzhar_admin)
    own = RoleGrant.objects.create(user=akzhar_admin, role=Role.OBSERVER, akimat=akzhar_akimat, granted_by=akzhar_admin)
    migration.hold_self_grants(apps, None)
    ordinary.refresh_from_db()
    own.refresh_from_db()
    assert (ordinary.state, own.state) == (GrantState.ACTIVE, GrantState.PENDING)
    assert User.objects.get(pk=akzhar_admin.pk).scopes[0].role == "admin"
    assert len(User.objects.get(pk=akzhar_admin.pk).scopes) == 1


# --- the admin pages ---------------------------------------------------------------------------------


REQUESTS = "/admin/accounts/grantrequest/"


def decide_url(grant):
    return f"{REQUESTS}{grant.pk}/decide/"


def test_asking_in_the_admin_makes_a_request_and_says_so(staff_client, akzhar_admin, newcomer, akzhar_akimat):
    response = staff_client(akzhar_admin).post(
        "/admin/accounts/rolegrant/add/",
        {"username": newcomer.username, "role": "observer", "akimat": akzhar_akimat.pk},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.status_code == 200
    assert "takes effect when another administrator approves it" in response.content.decode()
    assert RoleGrant.objects.get(user=newcomer).state == GrantState.PENDING


def test_pending_requests_are_listed_for_the_administrators_of_the_akimat(
    staff_client, akzhar_admin, second_admin, aiyrtau_admin, newcomer, akzhar_akimat
):
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    html = staff_client(second_admin).get(REQUESTS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert newcomer.username in html and decide_url(grant) in html
    other = staff_client(aiyrtau_admin).get(REQUESTS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert newcomer.username not in other
    assert staff_client(aiyrtau_admin).get(decide_url(grant)).status_code == 404


def test_the_one_who_asked_is_not_offered_the_approval_and_cannot_post_it(
    staff_client, akzhar_admin, newcomer, akzhar_akimat
):
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    client = staff_client(akzhar_admin)
    page = client.get(decide_url(grant), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="approve"' not in page and 'name="reject"' in page
    assert "another administrator must approve it" in page
    response = client.post(decide_url(grant), {"approve": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "another administrator must approve it" in response.content.decode()
    grant.refresh_from_db()
    assert grant.state == GrantState.PENDING


def test_a_second_administrator_approves_in_the_admin(
    staff_client, akzhar_admin, second_admin, newcomer, akzhar_akimat
):
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    client = staff_client(second_admin)
    assert 'name="approve"' in client.get(decide_url(grant)).content.decode()
    response = client.post(decide_url(grant), {"approve": "1"})
    assert response.status_code == 302 and response["Location"] == REQUESTS
    grant.refresh_from_db()
    assert (grant.state, grant.decided_by) == (GrantState.ACTIVE, second_admin)
    assert newcomer.username not in client.get(REQUESTS).content.decode()


def test_a_rejection_without_a_reason_is_a_400_and_changes_nothing(
    staff_client, akzhar_admin, second_admin, newcomer, akzhar_akimat
):
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    client = staff_client(second_admin)
    response = client.post(decide_url(grant), {"reject": "1", "reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Say why the request is rejected." in response.content.decode()
    grant.refresh_from_db()
    assert grant.state == GrantState.PENDING
    response = client.post(decide_url(grant), {"reject": "1", "reason": "Unknown person"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert (grant.state, grant.rejection_reason) == (GrantState.REJECTED, "Unknown person")


def test_the_staff_api_lists_only_roles_in_effect(staff_client, akzhar_admin, newcomer, akzhar_akimat):
    request_observer(akzhar_admin, newcomer, akzhar_akimat)
    response = staff_client(akzhar_admin).get(f"/api/v1/staff/akimats/{akzhar_akimat.territory.kato}/grants")
    assert response.status_code == 200
    assert newcomer.username not in response.content.decode()


# --- two approvals at once ---------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_make_one_active_grant(akzhar_admin, second_admin, superuser, newcomer, akzhar_akimat):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers by locking the whole file")
    grant = request_observer(akzhar_admin, newcomer, akzhar_akimat)
    approvers = [second_admin, superuser, second_admin, superuser]
    barrier = threading.Barrier(len(approvers))
    results: list = [None] * len(approvers)

    def approve(i):
        try:
            barrier.wait()
            results[i] = role_grant_approve(actor=approvers[i], grant=grant)
        except BaseException as exc:  # collected and asserted on below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(len(approvers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, RoleGrant) for r in results) == 1, results
    assert sum(isinstance(r, ConflictError) for r in results) == 3, results
    assert RoleGrant.objects.filter(user=newcomer, state=GrantState.ACTIVE).count() == 1
    assert AuditEntry.objects.filter(action="role.approve").count() == 1

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from openakimat.accounts.models import GrantState, Role, RoleGrant, User
from openakimat.accounts.services import role_grant, role_revoke
from openakimat.integrity.models import AuditEntry


@pytest.fixture
def newcomer(db):
    return User.objects.create_user(username="new.specialist", password="correct-horse-battery")


def test_admin_asks_for_a_specialist_role_in_their_department(akzhar_admin, newcomer, akzhar_construction):
    grant = role_grant(
        actor=akzhar_admin,
        user=newcomer,
        role=Role.SPECIALIST,
        akimat=akzhar_construction.akimat,
        department=akzhar_construction,
    )
    assert grant.state == GrantState.PENDING
    newcomer.refresh_from_db()
    assert not newcomer.is_staff  # not before a second administrator approves
    entry = AuditEntry.objects.get(action="role.request")
    assert entry.actor == akzhar_admin
    assert entry.object_id == str(grant.pk)
    assert entry.data["role"] == "specialist"


def test_admin_grants_a_finance_role_at_once(akzhar_admin, newcomer, akzhar_akimat):
    grant = role_grant(actor=akzhar_admin, user=newcomer, role=Role.FINANCE, akimat=akzhar_akimat)
    assert grant.state == GrantState.ACTIVE
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert [s.role for s in newcomer.scopes] == ["finance"]
    entry = AuditEntry.objects.get(action="role.grant")
    assert (entry.actor, entry.akimat, entry.object_id) == (akzhar_admin, akzhar_akimat, str(grant.pk))


def test_an_admin_cannot_grant_roles_in_another_district(akzhar_admin, newcomer, aiyrtau_akimat):
    with pytest.raises(PermissionDenied):
        role_grant(actor=akzhar_admin, user=newcomer, role=Role.OPERATOR, akimat=aiyrtau_akimat)
    assert not RoleGrant.objects.filter(user=newcomer).exists()
    assert not AuditEntry.objects.filter(action="role.grant").exists()


def test_an_akim_cannot_grant_roles(akim, newcomer, akzhar_akimat):
    with pytest.raises(PermissionDenied):
        role_grant(actor=akim, user=newcomer, role=Role.OPERATOR, akimat=akzhar_akimat)


def test_a_specialist_needs_a_department_of_the_same_akimat(
    akzhar_admin, newcomer, akzhar_akimat, aiyrtau_construction
):
    with pytest.raises(ValidationError) as missing:
        role_grant(actor=akzhar_admin, user=newcomer, role=Role.SPECIALIST, akimat=akzhar_akimat)
    assert "department" in missing.value.message_dict
    with pytest.raises(ValidationError):
        role_grant(
            actor=akzhar_admin,
            user=newcomer,
            role=Role.SPECIALIST,
            akimat=akzhar_akimat,
            department=aiyrtau_construction,
        )
    assert not RoleGrant.objects.filter(user=newcomer).exists()


def test_an_operator_has_no_department(akzhar_admin, newcomer, akzhar_construction):
    with pytest.raises(ValidationError):
        role_grant(
            actor=akzhar_admin,
            user=newcomer,
            role=Role.OPERATOR,
            akimat=akzhar_construction.akimat,
            department=akzhar_construction,
        )


def test_granting_the_same_role_twice_is_refused_with_a_message(akzhar_admin, newcomer, akzhar_akimat):
    role_grant(actor=akzhar_admin, user=newcomer, role=Role.OPERATOR, akimat=akzhar_akimat)
    with translation.override("en"), pytest.raises(ValidationError, match="already has this role"):
        role_grant(actor=akzhar_admin, user=newcomer, role=Role.OPERATOR, akimat=akzhar_akimat)
    assert RoleGrant.objects.filter(user=newcomer).count() == 1


def test_revoking_the_last_grant_takes_away_staff_status(akzhar_admin, newcomer, akzhar_akimat):
    grant = role_grant(actor=akzhar_admin, user=newcomer, role=Role.OPERATOR, akimat=akzhar_akimat)
    grant_id = grant.pk
    role_revoke(actor=akzhar_admin, grant=grant)
    newcomer.refresh_from_db()
    assert not newcomer.is_staff
    assert AuditEntry.objects.filter(action="role.revoke", object_id=str(grant_id)).exists()


def test_an_operator_cannot_revoke_anyones_role(operator, akzhar_head):
    grant = RoleGrant.objects.get(user=akzhar_head)
    with pytest.raises(PermissionDenied):
        role_revoke(actor=operator, grant=grant)
    assert RoleGrant.objects.filter(pk=grant.pk).exists()

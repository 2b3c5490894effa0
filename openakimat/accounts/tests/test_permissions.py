"""Role scoping: a grant reaches its akimat and that akimat's territory subtree, nothing else."""

import pytest

from openakimat.accounts.permissions import Action, akimats_where, has_permission, is_staff_member


def test_a_district_head_sees_their_district_and_its_okrugs_but_not_another_district(
    akzhar_head, akzhar_akimat, talshik_akimat, aiyrtau_akimat, region_akimat
):
    assert has_permission(akzhar_head, Action.VIEW_STAFF_AREA, akzhar_akimat)
    assert has_permission(akzhar_head, Action.VIEW_STAFF_AREA, talshik_akimat)
    assert not has_permission(akzhar_head, Action.VIEW_STAFF_AREA, aiyrtau_akimat)
    assert not has_permission(akzhar_head, Action.VIEW_STAFF_AREA, region_akimat)
    assert set(akimats_where(akzhar_head, Action.VIEW_STAFF_AREA)) == {akzhar_akimat, talshik_akimat}


def test_a_regional_observer_reaches_every_district(region_observer, akzhar_akimat, aiyrtau_akimat, region_akimat):
    assert set(akimats_where(region_observer, Action.VIEW_AUDIT)) == {region_akimat, akzhar_akimat, aiyrtau_akimat}
    assert not has_permission(region_observer, Action.CHANGE_AKIMAT, akzhar_akimat)


@pytest.mark.parametrize(
    ("who", "action", "allowed"),
    [
        ("operator", Action.VIEW_STAFF_AREA, True),
        ("operator", Action.CHANGE_AKIMAT, False),
        ("operator", Action.GRANT_ROLES, False),
        ("akzhar_head", Action.MANAGE_DEPARTMENTS, False),
        ("akim", Action.CHANGE_AKIMAT, True),
        ("akim", Action.GRANT_ROLES, False),
        ("akim", Action.RENAME_AKIMAT, False),
        ("akzhar_admin", Action.RENAME_AKIMAT, True),
        ("akzhar_admin", Action.CHANGE_AKIMAT, True),
        ("akzhar_admin", Action.MANAGE_DEPARTMENTS, True),
        ("akzhar_admin", Action.GRANT_ROLES, True),
    ],
)
def test_policy_table_in_akzhar(request, akzhar_akimat, who, action, allowed):
    user = request.getfixturevalue(who)
    assert has_permission(user, action, akzhar_akimat) is allowed


def test_a_resident_is_no_staff_member_and_may_do_nothing(resident, akzhar_akimat):
    assert not is_staff_member(resident)
    assert all(not has_permission(resident, action, akzhar_akimat) for action in Action)
    assert not akimats_where(resident, Action.VIEW_STAFF_AREA).exists()


def test_an_inactive_account_loses_its_grants(akzhar_admin, akzhar_akimat):
    akzhar_admin.is_active = False
    akzhar_admin.save()
    assert not has_permission(akzhar_admin, Action.VIEW_STAFF_AREA, akzhar_akimat)


def test_superuser_may_do_everything(superuser, aiyrtau_akimat):
    assert all(has_permission(superuser, action, aiyrtau_akimat) for action in Action)

"""Role scoping across the apps' policies: a grant reaches its akimat and that akimat's territory
subtree, nothing else; each app's `can_` functions say which roles take which action."""

import pytest

from openakimat.accounts import permissions as accounts
from openakimat.budget import permissions as budget
from openakimat.catalogue import permissions as catalogue
from openakimat.integrity import permissions as integrity
from openakimat.territory import permissions as territory
from openakimat.territory.models import Akimat

# Every akimat-level action of the apps below applications, by its policy function.
ACTIONS = {
    "view_staff_area": territory.can_view_staff_area,
    "change_akimat": territory.can_change_akimat,
    "rename_akimat": territory.can_rename_akimat,
    "manage_departments": territory.can_manage_departments,
    "manage_catalogue": catalogue.can_manage_catalogue,
    "grant_roles": accounts.can_grant_roles,
    "view_audit": integrity.can_view_audit,
    "manage_budget": lambda actor, akimat: budget.can_manage_budget(actor, akimat.territory),
}


def staff_akimats(actor):
    return set(Akimat.objects.filter(territory.staff_akimats_q(actor)))


def test_a_district_head_sees_their_district_and_its_okrugs_but_not_another_district(
    akzhar_head, akzhar_akimat, talshik_akimat, aiyrtau_akimat, region_akimat
):
    assert territory.can_view_staff_area(akzhar_head, akzhar_akimat)
    assert territory.can_view_staff_area(akzhar_head, talshik_akimat)
    assert not territory.can_view_staff_area(akzhar_head, aiyrtau_akimat)
    assert not territory.can_view_staff_area(akzhar_head, region_akimat)
    assert staff_akimats(akzhar_head) == {akzhar_akimat, talshik_akimat}


def test_a_regional_observer_reaches_every_district(region_observer, akzhar_akimat, aiyrtau_akimat, region_akimat):
    readable = set(Akimat.objects.filter(integrity.audit_q(region_observer, prefix="")))
    assert readable == {region_akimat, akzhar_akimat, aiyrtau_akimat}
    assert all(integrity.can_view_audit(region_observer, a) for a in readable)
    assert not territory.can_change_akimat(region_observer, akzhar_akimat)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("operator", {"view_staff_area"}),
        ("akzhar_head", {"view_staff_area"}),
        ("akim", {"view_staff_area", "change_akimat", "view_audit"}),
        ("region_observer", {"view_staff_area", "view_audit"}),
        (
            "akzhar_admin",
            {
                "view_staff_area",
                "change_akimat",
                "rename_akimat",
                "manage_departments",
                "manage_catalogue",
                "grant_roles",
                "view_audit",
                "manage_budget",
            },
        ),
    ],
)
def test_policy_table_in_akzhar(request, akzhar_akimat, aiyrtau_akimat, who, allowed):
    user = request.getfixturevalue(who)
    assert {name for name, can in ACTIONS.items() if can(user, akzhar_akimat)} == allowed
    if who != "region_observer":  # the only one whose grant covers both districts
        assert not any(can(user, aiyrtau_akimat) for can in ACTIONS.values())


def test_a_resident_is_no_staff_member_and_may_do_nothing(resident, akzhar_akimat):
    assert not accounts.is_staff(resident)
    assert not any(can(resident, akzhar_akimat) for can in ACTIONS.values())
    assert not staff_akimats(resident)


def test_an_inactive_account_loses_its_grants(akzhar_admin, akzhar_akimat):
    akzhar_admin.is_active = False
    akzhar_admin.save()
    assert not any(can(akzhar_admin, akzhar_akimat) for can in ACTIONS.values())


def test_superuser_may_do_everything(superuser, aiyrtau_akimat):
    assert all(can(superuser, aiyrtau_akimat) for can in ACTIONS.values())

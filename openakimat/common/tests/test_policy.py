"""The policy primitives every app's permissions.py decides with: a grant reaches its akimat's
territory subtree, a department role its department only, root everything, and the queryset
filters keep exactly what the predicates allow."""

import pytest

from conftest import make_staff
from openakimat.common import policy
from openakimat.common.actor import Scope, SystemActor
from openakimat.common.roles import Role
from openakimat.territory.models import Akimat


class Someone:
    """An actor that is not a database user: the policy needs only the protocol."""

    pk = 99
    is_active = True
    is_superuser = False
    is_authenticated = True

    def __init__(self, *scopes):
        self.scopes = scopes

    def get_username(self):
        return "someone"


AKZHAR = "590000000/593400000/"
TALSHIK = AKZHAR + "593430000/"
AIYRTAU = "590000000/593200000/"


def test_a_grant_reaches_its_territory_subtree_only():
    head = Someone(Scope(Role.AKIM, 1, AKZHAR))
    assert policy.reaches_path(head, [Role.AKIM], AKZHAR)
    assert policy.reaches_path(head, [Role.AKIM], TALSHIK)
    assert not policy.reaches_path(head, [Role.AKIM], AIYRTAU)
    assert not policy.reaches_path(head, [Role.ADMIN], TALSHIK)  # another role's action


def test_a_department_role_reaches_its_department_and_nothing_else_of_the_akimat():
    specialist = Someone(Scope(Role.SPECIALIST, 1, AKZHAR, department_id=5))
    assert policy.reaches_department(specialist, [Role.SPECIALIST], 5, AKZHAR)
    assert not policy.reaches_department(specialist, [Role.SPECIALIST], 6, AKZHAR)
    operator = Someone(Scope(Role.OPERATOR, 1, AKZHAR))
    assert policy.reaches_department(operator, [Role.OPERATOR], 6, AIYRTAU, TALSHIK)
    assert not policy.reaches_department(operator, [Role.OPERATOR], 6, AIYRTAU)


def test_root_reaches_everything_and_nobody_reaches_anything_when_inactive_or_anonymous():
    system = SystemActor("tests")
    assert policy.is_root(system) and policy.reaches_path(system, [], AIYRTAU)
    assert policy.path_q(system, [], "territory__path").children == []
    gone = Someone(Scope(Role.AKIM, 1, AKZHAR))
    gone.is_active = False
    assert not policy.reaches_path(gone, [Role.AKIM], AKZHAR)
    assert not policy.reaches_path(None, [Role.AKIM], AKZHAR)
    assert policy.path_q(None, [Role.AKIM], "territory__path") == policy.NOTHING
    assert not policy.is_staff(None) and not policy.is_staff(Someone())
    assert policy.is_staff(Someone(Scope(Role.MODERATOR, 1, AKZHAR)))


def test_require_raises_permission_denied_with_the_message():
    from django.core.exceptions import PermissionDenied

    policy.require(True)
    with pytest.raises(PermissionDenied, match="not yours"):
        policy.require(False, "not yours")


def test_the_filters_keep_exactly_what_the_predicates_allow(akzhar_akimat, aiyrtau_akimat, talshik_akimat):
    akim = make_staff("askar.akim", Role.AKIM, akzhar_akimat)
    kept = set(Akimat.objects.filter(policy.path_q(akim, [Role.AKIM], "territory__path")))
    allowed = {a for a in Akimat.objects.all() if policy.reaches_path(akim, [Role.AKIM], a.territory.path)}
    assert kept == allowed == {akzhar_akimat, talshik_akimat}


def test_a_users_scopes_are_read_once_and_again_after_forgetting(akzhar_akimat, django_assert_num_queries):
    akim = make_staff("askar.akim", Role.AKIM, akzhar_akimat)
    with django_assert_num_queries(1):
        assert [s.role for s in akim.scopes] == [Role.AKIM]
        assert akim.scopes  # cached
    akim.grants.all().delete()
    assert akim.scopes  # still the cached view
    akim.forget_scopes()
    assert akim.scopes == ()

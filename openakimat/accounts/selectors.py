from django.db.models import QuerySet
from django.http import Http404

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.territory.models import Akimat
from openakimat.territory.permissions import can_view_staff_area, staff_akimats_q

from .models import GrantState, RoleGrant
from .permissions import denied


def staff_akimats(*, user: Actor) -> QuerySet[Akimat]:
    return Akimat.objects.filter(staff_akimats_q(user)).select_related("territory").order_by("territory__kato")


def staff_akimat_get(*, user: Actor, kato: str) -> Akimat:
    """An akimat the user may see inside; out of scope reads as not found, so that staff of one
    district can't even probe another's internal pages."""
    try:
        return staff_akimats(user=user).get(territory__kato=kato)
    except Akimat.DoesNotExist:
        raise Http404 from None


def akimat_grants(*, user: Actor, akimat: Akimat) -> QuerySet[RoleGrant]:
    policy.require(can_view_staff_area(user, akimat), denied())
    return (
        RoleGrant.objects.filter(akimat=akimat, state=GrantState.ACTIVE)
        .select_related("user", "department")
        .order_by("role", "user__username")
    )


def staff_roles(*, user: Actor) -> list[RoleGrant]:
    """The signed-in person's active roles with their akimat and department, for the staff header.
    One query."""
    pk = getattr(user, "pk", None)
    if pk is None:
        return []
    return list(
        RoleGrant.objects.filter(user_id=pk, state=GrantState.ACTIVE)
        .select_related("akimat", "department")
        .only(
            "role",
            "akimat__name_kk",
            "akimat__name_ru",
            "akimat__name_en",
            "department__name_kk",
            "department__name_ru",
            "department__name_en",
        )
        .order_by("akimat__territory__kato", "role")
    )

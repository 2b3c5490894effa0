from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from openakimat.territory.models import Akimat

from .models import RoleGrant
from .permissions import Action, akimats_where, require


def staff_akimats(*, user: Any) -> QuerySet[Akimat]:
    return akimats_where(user, Action.VIEW_STAFF_AREA).order_by("territory__kato")


def staff_akimat_get(*, user: Any, kato: str) -> Akimat:
    """An akimat the user may see inside; out of scope reads as not found, so that staff of one
    district can't even probe another's internal pages."""
    try:
        return staff_akimats(user=user).get(territory__kato=kato)
    except Akimat.DoesNotExist:
        raise Http404 from None


def akimat_grants(*, user: Any, akimat: Akimat) -> QuerySet[RoleGrant]:
    require(user, Action.VIEW_STAFF_AREA, akimat)
    return (
        RoleGrant.objects.filter(akimat=akimat).select_related("user", "department").order_by("role", "user__username")
    )

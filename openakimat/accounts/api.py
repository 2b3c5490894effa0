"""Staff endpoints: signed-in staff (session with a confirmed second factor), scoped by role."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router
from ninja.security import SessionAuth

from openakimat.territory.schemas import AkimatDetail, AkimatPatch, ErrorOut, GrantOut
from openakimat.territory.services import akimat_update

from . import selectors
from .permissions import is_staff


class StaffSessionAuth(SessionAuth):
    """Django session of a staff member who passed the second factor (CSRF checked by Ninja)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if not user or not is_staff(user):
            return None
        if settings.STAFF_2FA_REQUIRED and not user.is_verified():
            return None
        return user


router = Router(auth=StaffSessionAuth(), tags=["staff"])


@router.get("/akimats/{kato}/grants", response=list[GrantOut], summary="Staff and roles of an akimat")
def list_grants(request: HttpRequest, kato: str):
    akimat = selectors.staff_akimat_get(user=request.auth, kato=kato)
    return selectors.akimat_grants(user=request.auth, akimat=akimat)


@router.patch(
    "/akimats/{kato}",
    response={200: AkimatDetail, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Change an akimat's contacts, hours or service-akimat status",
)
def patch_akimat(request: HttpRequest, kato: str, payload: AkimatPatch):
    akimat = selectors.staff_akimat_get(user=request.auth, kato=kato)
    fields = payload.model_dump(exclude_unset=True)
    akimat_update(actor=request.auth, akimat=akimat, **fields)
    from openakimat.territory.selectors import akimat_get

    return akimat_get(kato=kato)

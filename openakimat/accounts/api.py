"""Staff endpoints: signed-in staff (session with a confirmed second factor), scoped by role."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.security import SessionAuth
from ninja.utils import check_csrf

from openakimat.common.schemas import ErrorOut
from openakimat.territory.schemas import AkimatDetail, AkimatPatch, GrantOut
from openakimat.territory.services import akimat_update

from . import selectors
from .permissions import is_staff


class StaffSessionAuth(SessionAuth):
    """Django session of a staff member who passed the second factor.

    Who is asking comes first, CSRF second: a request without such a session is a 401 ("sign
    in"), whatever its method; only a signed-in staff member's change without the CSRF token is a
    403. (Ninja's own session check looks at CSRF first, so an anonymous POST was a 403.)"""

    def __call__(self, request: HttpRequest) -> Any:
        user = self.authenticate(request, None)
        if user is None:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise PermissionDenied(_("The CSRF token is missing or wrong: reload the page and try again."))
        return user

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

"""Staff authentication for the JSON API: a bearer token, or the signed-in staff session."""

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from openakimat.accounts.api import StaffSessionAuth
from openakimat.common.policy import is_staff

from .services import api_token_authenticate


class StaffTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` of a staff member. A token that is sent but wrong, revoked or
    of an inactive account is a 401 at once, instead of falling through to the session."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None or not is_staff(user):
            raise AuthenticationError()
        return user


# Token first: the session check also checks CSRF, which a token client has no cookie for.
staff_auth = [StaffTokenAuth(), StaffSessionAuth()]

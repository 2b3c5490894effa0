"""Staff sign-ins end: after STAFF_SESSION_IDLE_MINUTES without a request, and in any case
STAFF_SESSION_MAX_HOURS after signing in (a stolen or forgotten session is worth less).

The session records when the staff member signed in and when they were last seen (rewritten at
most once a minute, so a busy page does not write the session on every request). A request that
comes too late signs the account out (audited as `staff.session_ended`) and is answered with the
sign-in page and a message saying why, or, under /api/, with a JSON 401. Residents have no
account, so their sessions are never touched. The session's own expiry is set to the lifetime
(plus the idle time, so this middleware, not the session store, ends the sign-in and says why).
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import ngettext

from openakimat.common.actor import SystemActor
from openakimat.integrity.services import audit_record

STARTED_KEY = "staff_session_started"
SEEN_KEY = "staff_session_seen"
SEEN_GRANULARITY = 60  # seconds: how stale the recorded last activity may be
API_PREFIX = "/api/"
IDLE, LIFETIME = "idle", "lifetime"


def _now() -> float:
    return timezone.now().timestamp()


@receiver(user_logged_in, dispatch_uid="openakimat.accounts.session_limits")
def start_the_clock(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    now = _now()
    session[STARTED_KEY] = session[SEEN_KEY] = now
    lifetime = timedelta(hours=settings.STAFF_SESSION_MAX_HOURS, minutes=settings.STAFF_SESSION_IDLE_MINUTES)
    session.set_expiry(timezone.now() + lifetime)


def session_over(session: Any, now: float) -> str | None:
    """Why this signed-in session is over (IDLE or LIFETIME), or None; records the activity."""
    started = session.get(STARTED_KEY)
    seen = session.get(SEEN_KEY)
    if started is None or seen is None:
        # Signed in before these limits existed: the clock starts now.
        session[STARTED_KEY] = started if started is not None else now
        session[SEEN_KEY] = now
        return None
    if now - seen > settings.STAFF_SESSION_IDLE_MINUTES * 60:
        return IDLE
    if now - started > settings.STAFF_SESSION_MAX_HOURS * 3600:
        return LIFETIME
    if now - seen >= SEEN_GRANULARITY:
        session[SEEN_KEY] = now
    return None


def ended_message(reason: str) -> str:
    if reason == IDLE:
        minutes = settings.STAFF_SESSION_IDLE_MINUTES
        return ngettext(
            "Your session ended after %(count)d minute without activity. Sign in again.",
            "Your session ended after %(count)d minutes without activity. Sign in again.",
            minutes,
        ) % {"count": minutes}
    hours = settings.STAFF_SESSION_MAX_HOURS
    return ngettext(
        "Your session ended: a sign-in lasts at most %(count)d hour. Sign in again.",
        "Your session ended: a sign-in lasts at most %(count)d hours. Sign in again.",
        hours,
    ) % {"count": hours}


class StaffSessionLimitsMiddleware:
    """Placed after the authentication, OTP and messages middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only a session that holds a sign-in is looked at: residents' requests pass untouched.
        if SESSION_KEY in request.session and request.user.is_authenticated:
            reason = session_over(request.session, _now())
            if reason is not None:
                return self._end(request, reason)
        return self.get_response(request)

    def _end(self, request: HttpRequest, reason: str) -> HttpResponse:
        user = request.user
        audit_record(
            actor=SystemActor("session_limits"),
            action="staff.session_ended",
            object_type="accounts.user",
            object_id=str(user.pk),
            data={"reason": reason},
        )
        logout(request)
        message = ended_message(reason)
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"detail": message}, status=401)
        messages.warning(request, message)
        login_url = resolve_url(settings.LOGIN_URL)
        if request.method == "GET":
            login_url = f"{login_url}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(login_url)

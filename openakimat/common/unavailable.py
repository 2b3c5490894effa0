"""When the database is away: 503 "try again in a minute" with Retry-After, not the 500 page.

While PostgreSQL is down or restarting, a request that needs it fails on connecting (or on a
connection the restart cut). That is no bug of the request and nothing was written, so the answer
is 503 Service Unavailable with `Retry-After`, and it is logged as a warning, not as an error with
a traceback.

Each interface answers in its own format. The apps that serve a machine interface register a
renderer for their address prefix with `register_error_format` (the JSON API for `/api/`, Open311
for `/open311/`, each from its `AppConfig.ready`), so this module needs to import none of them;
every other address gets the page `503.html`, rendered without the request, so that no context
processor reaches for the database.

`DatabaseUnavailableMiddleware` catches the failure where a view met it; the site's 500 handler
(`web.views.server_error`) calls `unavailable_or_none` for a failure met in a middleware (reading
the session, saving it).
"""

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, gettext_lazy

logger = logging.getLogger(__name__)

# Seconds a client should wait before trying again: a PostgreSQL restart takes seconds, a
# fail-over about a minute.
RETRY_AFTER = 60

# renderer(request, status, message, headers) -> the error answer in the interface's format. The
# message is lazy: the renderer turns it into text in the language its interface asks for.
ErrorRenderer = Callable[[HttpRequest, int, str, dict[str, str]], HttpResponse]
_renderers: dict[str, ErrorRenderer] = {}


def register_error_format(prefix: str, renderer: ErrorRenderer) -> None:
    """Answer errors of the addresses under `prefix` (e.g. "/api/") with `renderer`."""
    _renderers[prefix] = renderer


def error_format(request: HttpRequest) -> ErrorRenderer | None:
    """The renderer registered for the request's address (the longest matching prefix), if any."""
    path = request.path_info
    matching = [prefix for prefix in _renderers if path.startswith(prefix)]
    return _renderers[max(matching, key=len)] if matching else None


# SQLSTATE classes that a server sends when it is going away: connection exceptions (08…) and
# "admin shutdown", "crash shutdown", "cannot connect now" (a restart under way).
_OUTAGE_STATES = ("08", "57P01", "57P02", "57P03")


def _raised_while_connecting(exc: BaseException) -> bool:
    """Whether the error came out of Django opening a connection (not out of a query)."""
    frame = exc.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_name in ("connect", "get_new_connection", "ensure_connection"):
            return True
        frame = frame.tb_next
    return False


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc` says the database can't be reached: connecting failed, or the connection was
    cut under the request. Other database errors (a lock timeout, a constraint) are not outages:
    they keep their usual answer."""
    if isinstance(exc, InterfaceError):  # e.g. "connection already closed"
        return True
    if not isinstance(exc, OperationalError):
        return False
    state = getattr(exc.__cause__, "sqlstate", None)
    if state:  # the server answered: an outage only if it said it is going away
        return state.startswith(_OUTAGE_STATES)
    if _raised_while_connecting(exc):
        return True
    # psycopg: a connection that a restart cut under the request reads as closed or broken
    # (Django drops the ones it closes itself, so a closed one still held is a cut one).
    return any(
        getattr(c.connection, "closed", False) or getattr(c.connection, "broken", False)
        for c in connections.all(initialized_only=True)
        if c.connection is not None
    )


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After, in the format of the request's interface and in its language."""
    headers = {"Retry-After": str(RETRY_AFTER)}
    message = gettext_lazy("The service is temporarily unavailable. Please try again in a minute.")
    renderer = error_format(request)
    if renderer is not None:
        response = renderer(request, 503, message, headers)
    else:
        # Without the request: no context processor runs, so nothing here needs the database.
        html = render_to_string("503.html", {"language_code": get_language() or "kk", "retry_after": RETRY_AFTER})
        response = HttpResponse(html, status=503, headers=headers)
    add_never_cache_headers(response)
    return response


def _log(request: HttpRequest, exc: BaseException) -> None:
    first_line = (str(exc).strip().splitlines() or [""])[0][:200]
    logger.warning("database unavailable, answered 503 to %s %s: %s", request.method, request.path, first_line)


def unavailable_or_none(request: HttpRequest, exc: BaseException | None = None) -> HttpResponse | None:
    """The 503 answer if `exc` (by default the exception being handled) is a database outage."""
    exc = exc if exc is not None else sys.exc_info()[1]
    if not database_unavailable(exc):
        return None
    assert exc is not None
    _log(request, exc)
    return unavailable_response(request)


class DatabaseUnavailableMiddleware:
    """Turns a database outage that a view met into the 503 answer (JSON, Open311 or the page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return unavailable_or_none(request, exception)

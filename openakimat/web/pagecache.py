"""Whole public pages from the shared cache.

Every anonymous reader of a public page (the home page, the register of services, an akimat, the
rollout, the budget pages) gets the same HTML, apart from two things the address and one cookie say:
the language (the address's prefix) and the display settings (the ``display`` cookie,
openakimat/web/display.py). So such a page is made once, kept in the shared cache (Redis in
production, per ``CACHE_URL``; the process's memory in `make run`) under the address, the language
and the normalised display settings, and answered from there until the data behind it changes.

What is never cached nor answered from the cache:

- anything but GET and HEAD, and addresses without a language prefix (the API, the admin, files);
- a request that carries a session cookie, a messages cookie or an Authorization header: staff, a
  signed-in user, a resident whose receipt lives in the session. They always get a fresh page;
- a response of a view not named in ``PAGE_CACHE_VIEWS`` (an allow-list: tracking, applying, the
  receipt and every staff page are absent), one that is not a 200, one that used a CSRF token (a
  page with a form that posts), one that sets a cookie other than the language or touches the
  session, and one whose Cache-Control says private, no-cache or no-store.

Invalidation: every stored page records the *generations* current when it was made of the realms of
data it reads (``PAGE_CACHE_VIEW_REALMS``; the reference data alone by default); a page of an older
generation is never served. A realm's generation changes whenever the database is written to in a
table of its apps (``PAGE_CACHE_REALMS``: territories and akimats, the register, budgets; the problem
register's work apart, so that a new problem report leaves the budget pages cached): a database execute
wrapper watches the SQL itself, so bulk imports, ``QuerySet.update()``, deletes and raw SQL count as
much as ``save()``, with no signal to forget. It changes at the write (so a page made meanwhile is
never stored as current) and again at the commit. A page also expires after its view's number of
seconds in ``PAGE_CACHE_VIEWS``, which bounds how old figures published by other apps (the
applications counts on a service page) and date-dependent figures can get. A view whose page changes
at a known moment without a write (a meeting's "live now" badge appears ten minutes before its start)
shortens that with ``keep_page_until(response, seconds)`` (openakimat/common/datageneration.py), the
seconds until that moment: the page is kept no longer (0: not at all). The limit is an attribute of
the response, never a header, so no cache outside this process ever reads it as leave to keep a
page (a page with a form, or a staff member's, may carry one).

Browsers revalidate (``Cache-Control: max-age=0, must-revalidate`` with an ETag and Last-Modified)
and get a 304 when nothing changed. ``Vary: Cookie`` tells shared HTTP caches that the page depends
on a cookie (the display settings). When the cache server is away, pages are made as if there were
no cache.
"""

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language_from_path, override

from openakimat.common.cache import CACHE_ERRORS
from openakimat.common.datageneration import (  # noqa: F401 - the page cache's names for them
    DEFAULT_REALM,
    GENERATION_KEY,
    KEEP_ATTRIBUTE,
    bump_generation,
    current_generations,
    install_watch,
    keep_page_until,
    writes_public_data,
)

from . import display
from .language import remember_language

logger = logging.getLogger(__name__)

ENTRY_PREFIX = "pagecache:page:v2:"  # change the version when the stored format changes
MAX_QUERY_LENGTH = 256  # a longer query string is somebody's search, not worth keeping
CACHE_CONTROL = "max-age=0, must-revalidate"
HEADER = "X-Page-Cache"
# Cache-Control values that forbid keeping a response.
_PRIVATE = re.compile(r"\b(private|no-store|no-cache)\b", re.IGNORECASE)
# Vary headers a stored page may carry: the cache keys on the cookie that matters itself.
_HARMLESS_VARY = {"cookie", "accept-language", "accept-encoding"}


# Each process keeps the pages it served most recently (PAGE_CACHE_LOCAL_ENTRIES) under the current
# generation (openakimat/common/datageneration.py): a page from this memory costs no round trip to
# the cache server at all.
_local_pages: "OrderedDict[str, dict[str, Any]]" = OrderedDict()
_local_lock = threading.Lock()


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    """Pages kept in this process's memory under other settings are dropped (the generation itself
    changes in openakimat/common/datageneration.py)."""
    with _local_lock:
        _local_pages.clear()


def _remember_locally(key: str, entry: dict[str, Any]) -> None:
    with _local_lock:
        _local_pages[key] = entry
        _local_pages.move_to_end(key)
        while len(_local_pages) > settings.PAGE_CACHE_LOCAL_ENTRIES:
            _local_pages.popitem(last=False)


def _current(entry: dict[str, Any], generations: dict[str, str]) -> bool:
    """Whether every realm the page was made from is still at the generation it was made under."""
    return all(generations.get(realm) == made for realm, made in entry["generations"].items())


def _stored_page(key: str, generations: dict[str, str]) -> dict[str, Any] | None:
    entry = _local_pages.get(key)
    if entry is not None and _current(entry, generations) and entry["expires"] > time.time():
        return entry
    entry = cache.get(key)
    if entry is not None and _current(entry, generations):
        _remember_locally(key, entry)
        return entry
    return None


# The request side.


def _candidate_language(request: HttpRequest) -> str | None:
    """The page's language when the request may be answered from the cache, else None."""
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if "HTTP_AUTHORIZATION" in request.META or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return None
    return get_language_from_path(request.path_info)


def _cached_view(request: HttpRequest, language: str) -> bool:
    """Whether the address is one of PAGE_CACHE_VIEWS: the others (forms, the display board's feed,
    the kiosk) never look in the cache, which saves them a round trip to Redis. (The language
    prefix resolves only under its own language, which no middleware has activated yet.)"""
    try:
        with override(language):
            match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return match.view_name in settings.PAGE_CACHE_VIEWS


def entry_key(request: HttpRequest, language: str) -> str:
    reader = display.display_of(request).cookie_value
    source = "\n".join((request.scheme or "", request.get_host(), request.get_full_path(), language, reader))
    return ENTRY_PREFIX + hashlib.sha256(source.encode()).hexdigest()


def _view_realms(request: HttpRequest) -> tuple[str, ...]:
    """The realms of public data the page is made from (PAGE_CACHE_VIEW_REALMS, else the reference
    data alone)."""
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match is not None else ""
    return tuple(settings.PAGE_CACHE_VIEW_REALMS.get(name, (DEFAULT_REALM,)))


def _view_seconds(request: HttpRequest) -> int | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    return settings.PAGE_CACHE_VIEWS.get(match.view_name)


def _storable(request: HttpRequest, response: HttpResponse) -> int | None:
    """How long `response` may be kept, or None when it must not be."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return None
    seconds = _view_seconds(request)
    if not seconds:
        return None
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return None  # the page carries a CSRF token: it belongs to one reader
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return None
    if any(name != settings.LANGUAGE_COOKIE_NAME for name in response.cookies):
        return None
    if _PRIVATE.search(response.get("Cache-Control", "")):
        return None
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - _HARMLESS_VARY:
        return None
    limit = getattr(response, KEEP_ATTRIBUTE, None)
    if limit is not None:  # the view knows when its page changes by itself
        seconds = min(seconds, max(0, int(limit)))
    return seconds or None


def _headers(response: HttpResponse) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name.lower() != "set-cookie"}


def _finish(request: HttpRequest, response: HttpResponse, language: str, state: str, made: int) -> HttpResponse:
    """The cache's header, then the conditional GET (304 when the reader's copy is current)."""
    response[HEADER] = state
    conditional = get_conditional_response(request, etag=response["ETag"], last_modified=made, response=response)
    if conditional is not response:
        # A 304 keeps the validators and caching headers of the page it stands for.
        for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", HEADER):
            if name in response:
                conditional[name] = response[name]
    remember_language(request, conditional, language)
    return conditional


class PageCacheMiddleware:
    """The middleware of this module's docstring. Goes early in MIDDLEWARE (after SecurityMiddleware
    and WhiteNoise), so that a page from the cache skips the rest of the stack; what the rest adds to
    a page (security headers, the content security policy) is stored with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if settings.PAGE_CACHE_SECONDS <= 0:
            raise MiddlewareNotUsed("PAGE_CACHE_SECONDS=0: the page cache is off")
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = _candidate_language(request)
        if language is None or not _cached_view(request, language):
            return self.get_response(request)
        key = entry_key(request, language)
        try:
            generations = current_generations()
            entry = _stored_page(key, generations)
        except CACHE_ERRORS:
            logger.warning("page cache: cache unavailable, page made afresh")
            return self.get_response(request)
        if entry is not None:
            response = HttpResponse(entry["content"], headers=entry["headers"])
            return _finish(request, response, language, "hit", entry["made"])

        response = self.get_response(request)
        seconds = _storable(request, response)
        if seconds is None:
            return response
        made = int(time.time())
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["Last-Modified"] = http_date(made)
        if "max-age" not in response.get("Cache-Control", ""):  # a view's own freshness stands (the map's data)
            response["Cache-Control"] = CACHE_CONTROL
        patch_vary_headers(response, ("Cookie",))
        entry = {
            "generations": {realm: generations[realm] for realm in _view_realms(request)},
            "made": made,
            "expires": made + seconds,
            "headers": _headers(response),
            "content": response.content,
        }
        try:
            cache.set(key, entry, seconds)
        except CACHE_ERRORS:
            logger.warning("page cache: cache unavailable, page not stored")
        else:
            _remember_locally(key, entry)
        return _finish(request, response, language, "miss", made)

"""The budget API's answers, made once per data version.

Budget figures change only when something is written: an import, a project edited, a territory's
population or a classification's name corrected. So an answer of the public budget API (the
drill-down, the months, the years, the projects, the exports) is made once, its bytes kept in the
shared cache under the data generation (openakimat/common/datageneration.py, the one the page cache
uses), the address and the language, and served from there (no query, no validation, no
serialisation) until any table of territories, the register or budgets is written to.

Keyed on the address with its query and the language the request asks for (as LocaleMiddleware
reads it), a hit is answered by ``AnswerCacheMiddleware`` near the top of the middleware stack.

Validators: the ETag is a hash of the answer's bytes and its language, so it changes whenever
anything in the answer does (population, names, classification, budgets, projects, the territory
tree), whatever table it came from; a client whose copy is current gets a 304. There is no
Last-Modified: a time cannot say that a name changed in a table the answer only reads.

Only 200 answers of GET that set no cookie, asked without an Authorization header, are kept, at
most ``BUDGET_ANSWER_MAX_BYTES`` each and ``BUDGET_ANSWER_CACHE_SECONDS`` long (0 turns the cache
off; the validators stay). Each worker keeps its latest answers in its own memory too, so a hit
usually costs no round trip to the cache server (answers up to 256 KB: not the big exports).
When the cache server is away, answers are made afresh.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag

from openakimat.common.cache import CACHE_ERRORS
from openakimat.common.datageneration import current_generation

logger = logging.getLogger(__name__)

PREFIX = "/api/v1/budget/"  # every address under it is a public read
ENTRY_PREFIX = "budget:answer:v1:"  # change the version when the stored format changes
HEADER = "X-Answer-Cache"
MAX_QUERY_LENGTH = 256  # a longer query string is somebody's experiment, not worth keeping
LOCAL_ENTRIES = 200
LOCAL_MAX_BYTES = 256 * 1024  # a bigger answer (an export) is read from the shared cache each time
CACHE_SECONDS = 300  # what clients and shared HTTP caches are told (Cache-Control max-age)

_local: "OrderedDict[str, dict[str, Any]]" = OrderedDict()
_local_lock = threading.Lock()


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    """Answers kept in this process's memory under other settings are dropped (tests only)."""
    with _local_lock:
        _local.clear()


def _key(request: HttpRequest) -> str:
    """The address with its query (`?lang=` among it) and the language LocaleMiddleware will pick
    for it (from the language cookie, then Accept-Language): one of three, so that odd headers
    cannot multiply the copies kept."""
    source = "\n".join(
        (
            request.scheme or "",
            request.get_host(),
            request.get_full_path(),
            translation.get_language_from_request(request),
        )
    )
    return ENTRY_PREFIX + hashlib.sha256(source.encode()).hexdigest()


def _stored(key: str, generation: str) -> dict[str, Any] | None:
    entry = _local.get(key)
    if entry is not None and entry["generation"] == generation and entry["expires"] > time.time():
        return entry
    entry = cache.get(key)
    if entry is not None and entry["generation"] == generation:
        _remember(key, entry)
        return entry
    return None


def _remember(key: str, entry: dict[str, Any]) -> None:
    if len(entry["content"]) > LOCAL_MAX_BYTES:
        return  # two hundred exports of a few megabytes would be a worker's gigabyte
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def _entry(response: HttpResponse, generation: str | None, seconds: int) -> dict[str, Any]:
    content = response.content
    digest = hashlib.sha256(content)
    digest.update(response.get("Content-Language", "").encode())
    return {
        "generation": generation,
        "expires": time.time() + seconds,
        "etag": quote_etag(digest.hexdigest()[:32]),
        "headers": {name: value for name, value in response.headers.items() if name.lower() != "set-cookie"},
        "content": content,
    }


def _answer(request: HttpRequest, entry: dict[str, Any], state: str) -> HttpResponseBase:
    """The stored answer with its validators and caching headers, or a 304 when the client's copy
    is the same."""
    response = HttpResponse(entry["content"], headers=entry["headers"])
    response["ETag"] = entry["etag"]
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response[HEADER] = state
    patch_vary_headers(response, ("Accept-Language",))
    conditional = get_conditional_response(request, etag=entry["etag"], response=response)
    if conditional is not response:
        conditional[HEADER] = state
    return conditional


class AnswerCacheMiddleware:
    """The module's docstring. Goes early in MIDDLEWARE (right after the page cache), so that an
    answer from the cache skips the rest of the stack; what the rest adds to an answer (security
    headers, Content-Language) is stored with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD") or not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        seconds = settings.BUDGET_ANSWER_CACHE_SECONDS
        key = generation = None
        if (
            seconds > 0
            and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
            and "HTTP_AUTHORIZATION" not in request.META
        ):
            key = _key(request)
            try:
                generation = current_generation()
                entry = _stored(key, generation)
            except CACHE_ERRORS:
                logger.warning("budget answers: cache unavailable, answer made afresh")
                key = None
            else:
                if entry is not None:
                    return _answer(request, entry, "hit")
        response = self.get_response(request)
        if response.status_code != 200 or not isinstance(response, HttpResponse):
            return response
        entry = _entry(response, generation, seconds)
        if response.cookies:  # belongs to one reader: validators only
            response["ETag"] = entry["etag"]
            return response
        if key is None or len(entry["content"]) > settings.BUDGET_ANSWER_MAX_BYTES:
            return _answer(request, entry, "off")
        try:
            cache.set(key, entry, seconds)
        except CACHE_ERRORS:
            logger.warning("budget answers: cache unavailable, answer not stored")
        else:
            _remember(key, entry)
        return _answer(request, entry, "miss")

"""Fixed-window rate limits on Django's cache, keyed by the client's address.

Three buckets: submissions of applications (``settings.SUBMISSION_RATE_PER_HOUR``, shared by the web
form and the API), failed tracking look-ups (``TRACKING_FAILURES_PER_HOUR``), which stop anyone
guessing tracking codes, and failed staff sign-ins (``STAFF_SIGN_IN_FAILURES_PER_ADDRESS`` in
``STAFF_SIGN_IN_WINDOW_MINUTES``), which stop one address trying a password on many accounts. The
address is kept in the cache only as a keyed hash.

A fixed window lets a client make up to twice the limit across a window boundary; for stopping
floods and guessing that is enough, and it costs one cache write per request.

When the cache does not answer (Redis down), each bucket fails the way that is safe for it:
submissions fail closed (`LimiterUnavailable`, a 503 "try again later": an application is never
accepted without its limit), reads fail open (tracking keeps answering, without counting failures
for a while), and so do staff sign-ins (django-axes, in the database, still locks each account
after its own wrong passwords). docs/configuration.md, "When Redis is down", says so to operators.
"""

import contextlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from openakimat.common.cache import CACHE_ERRORS
from openakimat.common.client_address import client_ip
from openakimat.common.errors import TemporarilyUnavailable

logger = logging.getLogger("openakimat.ratelimit")

HOUR = 3600
SUBMISSIONS = "submit"
TRACKING_FAILURES = "track-fail"
SIGN_IN_FAILURES = "signin-fail"
# Wrong number or code from one address in an hour before the tracking page stops answering it.
DEFAULT_TRACKING_FAILURES_PER_HOUR = 30


class RateLimited(Exception):
    """Too many requests from one client in the current window; try again in `retry_after` seconds."""

    def __init__(self, retry_after: int, bucket: str = "") -> None:
        self.retry_after = max(1, int(retry_after))
        self.bucket = bucket
        super().__init__(f"rate limit {bucket or 'exceeded'}: retry after {self.retry_after} s")

    @property
    def retry_after_minutes(self) -> int:
        return max(1, -(-self.retry_after // 60))


class LimiterUnavailable(TemporarilyUnavailable):
    """The cache that keeps the counts is away, and this bucket fails closed: the request is refused
    for now rather than let through uncounted."""

    default_message = _(
        "Applications can't be accepted just now, so yours was not registered. Please try again in a few minutes."
    )


def _window(bucket: str, request: HttpRequest, window: int) -> tuple[str, int]:
    """The cache key of the client's current window, and the seconds left in it."""
    now = int(time.time())
    start = now - now % window
    who = salted_hmac("openakimat.applications.ratelimit", client_ip(request) or "unknown").hexdigest()[:32]
    return f"ratelimit:{bucket}:{window}:{who}:{start}", start + window - now


def _count(key: str) -> int:
    value = cache.get(key)
    return int(value) if value is not None else 0


def _increment(key: str, left: int, window: int) -> int:
    # add() only writes a missing key, so the expiry is set once per window.
    cache.add(key, 0, timeout=left + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def _cache_away(bucket: str, exc: Exception, *, fail_open: bool) -> None:
    """The cache failed: let the request through (`fail_open`) or refuse it for now."""
    # The error's class only: its text may hold the cache's address, never anything of the client.
    what = "let through uncounted" if fail_open else "refused"
    logger.warning("rate limit %s: the cache is not answering (%s); request %s", bucket, type(exc).__name__, what)
    if not fail_open:
        raise LimiterUnavailable() from exc


def hit(bucket: str, request: HttpRequest, *, limit: int, window: int = HOUR, fail_open: bool = False) -> None:
    """Count one request; raise RateLimited if the client had already used up the window.
    A limit of 0 or less switches the bucket off. If the cache is away, raise LimiterUnavailable,
    or with `fail_open` let the request through uncounted."""
    if limit <= 0:
        return
    key, left = _window(bucket, request, window)
    try:
        used = _increment(key, left, window)
    except CACHE_ERRORS as exc:
        _cache_away(bucket, exc, fail_open=fail_open)
        return
    if used > limit:
        raise RateLimited(left, bucket)


def check(bucket: str, request: HttpRequest, *, limit: int, window: int = HOUR, fail_open: bool = False) -> None:
    """Raise RateLimited if the client has used up the window, without counting this request; if
    the cache is away, as `hit`."""
    if limit <= 0:
        return
    key, left = _window(bucket, request, window)
    try:
        used = _count(key)
    except CACHE_ERRORS as exc:
        _cache_away(bucket, exc, fail_open=fail_open)
        return
    if used >= limit:
        raise RateLimited(left, bucket)


def check_submission_rate(request: HttpRequest) -> None:
    """Count one submission of an application from this client; raise RateLimited past
    ``settings.SUBMISSION_RATE_PER_HOUR`` in the current hour. Fails closed: without the cache,
    LimiterUnavailable (a 503), never an uncounted application."""
    hit(SUBMISSIONS, request, limit=settings.SUBMISSION_RATE_PER_HOUR)


def _tracking_limit() -> int:
    return getattr(settings, "TRACKING_FAILURES_PER_HOUR", DEFAULT_TRACKING_FAILURES_PER_HOUR)


def check_tracking_failures(request: HttpRequest) -> None:
    """Raise RateLimited if this client has made too many failed tracking look-ups this hour.
    Fails open: without the cache, residents keep tracking (and nobody is counted meanwhile)."""
    check(TRACKING_FAILURES, request, limit=_tracking_limit(), fail_open=True)


def record_tracking_failure(request: HttpRequest) -> None:
    """Count one failed look-up (wrong number or code). Never raises: the answer to this request is
    "not found" either way; the next one is refused. Without the cache, nothing is counted."""
    with contextlib.suppress(RateLimited):
        hit(TRACKING_FAILURES, request, limit=_tracking_limit(), fail_open=True)


def _sign_in_window() -> int:
    return max(1, settings.STAFF_SIGN_IN_WINDOW_MINUTES) * 60


def check_sign_in_failures(request: HttpRequest) -> None:
    """Raise RateLimited if this client address has had ``STAFF_SIGN_IN_FAILURES_PER_ADDRESS``
    failed staff sign-ins in the current window, whatever the usernames. Fails open."""
    check(
        SIGN_IN_FAILURES,
        request,
        limit=settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS,
        window=_sign_in_window(),
        fail_open=True,
    )


def record_sign_in_failure(request: HttpRequest) -> None:
    """Count one wrong username or password from this client address. Never raises: this attempt
    is answered "wrong password" either way; the next one is refused."""
    with contextlib.suppress(RateLimited):
        hit(
            SIGN_IN_FAILURES,
            request,
            limit=settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS,
            window=_sign_in_window(),
            fail_open=True,
        )


def hit_for(bucket: str, identity: str, *, limit: int, window: int = HOUR) -> None:
    """Count one request for `identity` (e.g. a case, not a client address); raise RateLimited
    past `limit` in the window. Fails closed, as `hit` does by default."""
    if limit <= 0:
        return
    now = int(time.time())
    start = now - now % window
    who = salted_hmac("openakimat.ratelimit.identity", identity).hexdigest()[:32]
    key = f"ratelimit:{bucket}:{window}:{who}:{start}"
    try:
        used = _increment(key, start + window - now, window)
    except CACHE_ERRORS as exc:
        _cache_away(bucket, exc, fail_open=False)
        return
    if used > limit:
        raise RateLimited(start + window - now, bucket)

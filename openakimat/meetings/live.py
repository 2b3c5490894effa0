"""The "live now" badge of a meeting, and how long a public page that shows it may be kept.

A published, not cancelled meeting broadcast online (online or hybrid) is *live* from ten minutes
before its start (residents open the player early) until its end; a meeting without an end counts
as live for three hours. A meeting held only in a hall has
nothing to watch and is never "live".

Public pages are kept by the page cache (openakimat/web/pagecache.py) for up to five minutes, and no
write happens when a meeting goes live or ends. So a page that shows live badges asks the page cache
to keep it only until the next moment a badge appears or disappears (`cap_page_cache`: the seconds
until then, with `common.datageneration.keep_page_until`). A page made at 9:49:30 for a meeting at 10:00 is kept
for 30 seconds, and the page made at 9:50:00 shows the badge. docs/meetings-public.md says so.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone

from openakimat.common.datageneration import keep_page_until
from openakimat.territory.models import heavy_fields

from . import permissions
from .models import Format, Meeting, Status

LEAD = timedelta(minutes=10)
# A meeting without an end is taken to last this long.
DEFAULT_LENGTH = timedelta(hours=3)


def ends_of(meeting: Meeting) -> datetime:
    return meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH


def broadcast(meeting: Meeting) -> bool:
    return meeting.published and meeting.status == Status.SCHEDULED and meeting.format in (Format.ONLINE, Format.HYBRID)


def is_live(meeting: Meeting, now: datetime | None = None) -> bool:
    """Whether the meeting's page shows "live now" at `now`."""
    now = now or timezone.now()
    return broadcast(meeting) and meeting.starts_at - LEAD <= now < ends_of(meeting)


def _broadcasts(akimat_ids: Iterable[int] | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(permissions.public_q(), status=Status.SCHEDULED).exclude(format=Format.IN_PERSON)
    if akimat_ids is not None:
        qs = qs.filter(akimat_id__in=list(akimat_ids))
    return qs


def ended_q(now: datetime) -> Q:
    """The meetings over at `now` (the past list's)."""
    return Q(ends_at__lte=now) | Q(ends_at__isnull=True, starts_at__lte=now - DEFAULT_LENGTH)


def next_change(*, akimat_ids: Iterable[int] | None = None, now: datetime | None = None) -> datetime | None:
    """The next moment after `now` at which a meeting (of the given akimats) goes live or stops
    being live, or None when none is coming. One query."""
    now = now or timezone.now()
    ids = None if akimat_ids is None else list(akimat_ids)
    found = _broadcasts(ids).aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now + LEAD)),
        end=Min("ends_at", filter=Q(ends_at__gt=now)),
        open_end=Min("starts_at", filter=Q(ends_at__isnull=True, starts_at__gt=now - DEFAULT_LENGTH)),
    )
    moments = []
    if found["start"] is not None:
        moments.append(found["start"] - LEAD)
    if found["end"] is not None:
        moments.append(found["end"])
    if found["open_end"] is not None:
        moments.append(found["open_end"] + DEFAULT_LENGTH)
    return min(moments) if moments else None


def _horizon() -> timedelta:
    """How far ahead a change matters: no page is kept longer than the longest page-cache time."""
    longest = max([settings.PAGE_CACHE_SECONDS, *settings.PAGE_CACHE_VIEWS.values()], default=0)
    return timedelta(seconds=max(longest, 0) + 60)


def snapshot(
    *, akimat_ids: Iterable[int] | None = None, now: datetime | None = None
) -> tuple[list[Meeting], datetime | None]:
    """The meetings live at `now` (of the given akimats), soonest first, and the next moment one
    goes live or stops being live — within the longest time a page is kept; a later one cannot
    outlive a kept page anyway. One query: the broadcasts not over yet that go live before the
    horizon."""
    now = now or timezone.now()
    ending = Q(ends_at__gt=now) | Q(ends_at__isnull=True, starts_at__gt=now - DEFAULT_LENGTH)
    found = list(
        _broadcasts(akimat_ids)
        .filter(ending, starts_at__lte=now + LEAD + _horizon())
        .select_related("akimat__territory")
        .defer(*heavy_fields("akimat__territory"))
        .order_by("starts_at", "pk")
    )
    current = [m for m in found if m.starts_at - LEAD <= now]
    moments = [m.starts_at - LEAD for m in found if m.starts_at - LEAD > now] + [ends_of(m) for m in current]
    return current, min(moments) if moments else None


def meeting_changes(meeting: Meeting, now: datetime | None = None) -> datetime | None:
    """The next moment after `now` at which the meeting's own page changes by itself: it goes live,
    stops being live, or stops taking questions."""
    now = now or timezone.now()
    moments = [meeting.starts_at - LEAD, ends_of(meeting)]
    if meeting.questions_open_until is not None:
        moments.append(meeting.questions_open_until)
    coming = [m for m in moments if m > now]
    return min(coming) if coming else None


def cap_page_cache(response: HttpResponse, until: datetime | None, now: datetime | None = None) -> HttpResponse:
    """Let the page cache keep `response` no longer than until `until`: whole seconds, rounded down
    and one less for the time the page takes to reach the cache, so a copy never outlives the
    moment. Nothing when `until` is None."""
    if until is None:
        return response
    seconds = int((until - (now or timezone.now())).total_seconds()) - 1
    return keep_page_until(response, max(0, seconds))

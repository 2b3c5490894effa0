"""Service requests (public problem reports) and their updates, read; POST requests submits one
(submission.py). Nothing about the reporter is ever in an answer."""

from datetime import datetime, time, timedelta

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common.bounds import EARLIEST, LATEST, bounded_date, bounded_datetime
from openakimat.common.calendar import ALMATY
from openakimat.problems.models import OPEN_STATUSES, Report, ReportUpdate, Status

from . import selectors
from .formats import iso, render
from .submission import submit
from .views import READ, Open311Error, jurisdiction_of, open311_view

# A list covers at most this many days of requested_datetime (the spec's 90), the last 90 by default.
WINDOW = timedelta(days=90)
# Requests or updates in one answer; `page` (from 1) reads further.
PAGE_SIZE = 200
MAX_IDS = PAGE_SIZE
# FixMyStreet's extended states, as its servicerequestupdates extension reads them.
UPDATE_STATES = {
    Status.OPEN: "open",
    Status.ACCEPTED: "investigating",
    Status.IN_PROGRESS: "in_progress",
    Status.FIXED: "fixed",
    Status.CLOSED: "closed",
    Status.REJECTED: "no_further_action",
    Status.DUPLICATE: "duplicate",
}


def _moment(raw: str, name: str, *, end_of_day: bool = False) -> datetime:
    """A date and time (a date alone is its start, or its end for `end_date`); without an offset,
    in Kazakhstan time. Bounded (common.bounds): a date near year 1 or 9999 would overflow."""
    raw = raw.strip()
    day = bounded_date(raw) if len(raw) == 10 else None
    value = datetime.combine(day, time.max if end_of_day else time.min) if day else bounded_datetime(raw)
    if value is None:
        raise Open311Error(
            400,
            _("%(name)s is not an ISO 8601 date and time between %(earliest)s and %(latest)s.")
            % {"name": name, "earliest": EARLIEST.year, "latest": LATEST.year},
        )
    return value if timezone.is_aware(value) else value.replace(tzinfo=ALMATY)


def window(request: HttpRequest) -> tuple[datetime, datetime]:
    """start_date and end_date, at most 90 days apart; the last 90 days when neither is given."""
    params = request.GET
    end = _moment(params["end_date"], "end_date", end_of_day=True) if params.get("end_date") else None
    start = _moment(params["start_date"], "start_date") if params.get("start_date") else None
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        assert end is not None
        start = end - WINDOW
    elif end is None:
        end = start + WINDOW
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > WINDOW:
        raise Open311Error(400, _("start_date and end_date may be at most 90 days apart."))
    return start, end


def _page(request: HttpRequest) -> int:
    raw = (request.GET.get("page") or "1").strip()
    if not (raw.isdigit() and 1 <= len(raw) <= 6 and int(raw) >= 1):
        raise Open311Error(400, _("page is a whole number from 1."))
    return int(raw)


def _list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def _media_url(request: HttpRequest, report: Report) -> str | None:
    photos = getattr(report, "public_photos", None)
    if photos:
        return request.build_absolute_uri(photos[0].file.url)
    try:
        return report.open311_media.url
    except Report.open311_media.RelatedObjectDoesNotExist:
        return None


def request_dict(request: HttpRequest, report: Report, expected: datetime | None) -> dict:
    territory = report.territory
    address = report.address or (territory.name if territory else "") or None
    return {
        "service_request_id": str(report.pk),
        "status": "open" if report.status in OPEN_STATUSES else "closed",
        "status_notes": report.public_note or None,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.category.department.name,
        "service_notice": None,
        "requested_datetime": iso(report.created_at),
        "updated_datetime": iso(report.status_changed_at),
        "expected_datetime": iso(expected),
        "address": address,
        "address_id": territory.kato if territory else None,
        "zipcode": None,
        "lat": float(report.lat) if report.lat is not None else None,
        "long": float(report.lon) if report.lon is not None else None,
        "media_url": _media_url(request, report),
        "jurisdiction_id": report.akimat.territory.kato,
    }


def _answer_requests(request: HttpRequest, fmt: str, found: list[Report]) -> HttpResponse:
    expected = selectors.expected_by_report([r.pk for r in found])
    return render(fmt, "service_requests", [request_dict(request, r, expected.get(r.pk)) for r in found])


def _ids(raw: str) -> list[int]:
    ids = _list(raw)
    if len(ids) > MAX_IDS or not all(i.isdigit() and len(i) <= 18 for i in ids):
        raise Open311Error(
            400, _("service_request_id is up to %(count)d numbers, separated by commas.") % {"count": MAX_IDS}
        )
    return [int(i) for i in ids]


@open311_view(*READ, "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET: public problem reports, newest first. service_request_id (a list) overrides the other
    filters; otherwise service_code (a list), status (open, closed) and a window of
    requested_datetime of at most 90 days. POST: submit a report (submission.py)."""
    if request.method == "POST":
        return submit(request, fmt)
    akimat = jurisdiction_of(request, required=False)
    found = selectors.reports()
    if akimat is not None:
        found = found.filter(akimat=akimat)
    params = request.GET
    if params.get("service_request_id"):
        return _answer_requests(request, fmt, list(found.filter(pk__in=_ids(params["service_request_id"]))))
    statuses = {s.lower() for s in _list(params.get("status", ""))}
    if not statuses <= {"open", "closed"}:
        raise Open311Error(400, _("status is open, closed or both, separated by a comma."))
    if statuses == {"open"}:
        found = found.filter(status__in=OPEN_STATUSES)
    elif statuses == {"closed"}:
        found = found.exclude(status__in=OPEN_STATUSES)
    codes = [c.lower() for c in _list(params.get("service_code", ""))]
    if codes:
        found = found.filter(category__code__in=codes[:50])
    start, end = window(request)
    page = _page(request)
    found = found.filter(created_at__gte=start, created_at__lte=end)
    return _answer_requests(request, fmt, list(found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]))


@open311_view(*READ)
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    report = selectors.report(int(request_id)) if request_id.isdigit() and len(request_id) <= 18 else None
    akimat = jurisdiction_of(request, required=False)
    if report is None or (akimat is not None and report.akimat_id != akimat.pk):
        raise Open311Error(404, _("No service request has this id."))
    return _answer_requests(request, fmt, [report])


def update_dict(update: ReportUpdate) -> dict:
    return {
        "update_id": str(update.pk),
        "service_request_id": str(update.report_id),
        "status": UPDATE_STATES.get(update.status, "open"),  # type: ignore[call-overload]
        "updated_datetime": iso(update.at),
        "description": update.text,
        "media_url": None,
    }


@open311_view(*READ)
def updates(request: HttpRequest, fmt: str) -> HttpResponse:
    """FixMyStreet's servicerequestupdates extension: the public steps of reports whose time is
    between start_date and end_date (at most 90 days apart; the last 90 days by default), oldest
    first, PAGE_SIZE at a time."""
    akimat = jurisdiction_of(request, required=False)
    start, end = window(request)
    page = _page(request)
    found = selectors.updates().filter(at__gte=start, at__lte=end)
    if akimat is not None:
        found = found.filter(report__akimat=akimat)
    rows = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return render(fmt, "service_request_updates", [update_dict(u) for u in rows])

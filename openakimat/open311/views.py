"""Open311 GeoReport v2: the register of public services as Open311 services, and online submission
for clients that hold an API key. Applications are not listed as service requests: an application
for a personal public service is about one resident (see `requests`).

Every resource answers in JSON and in XML (by its extension). Names are given in the language of
`?locale=` (or `lang=`): kk, ru or en, Kazakh by default.
"""

from collections.abc import Callable
from datetime import datetime, time
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from openakimat.applications.services import Applicant, application_register
from openakimat.catalogue.models import PublicService
from openakimat.common.bounds import EARLIEST, LATEST, bounded_date, bounded_datetime
from openakimat.common.calendar import ALMATY
from openakimat.common.errors import TemporarilyUnavailable
from openakimat.common.ratelimit import RateLimited, check_submission_rate

from . import selectors
from .formats import error, render
from .services import api_key_authenticate

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this interface last changed, for the discovery document.
CHANGESET = "2026-11-28T00:00:00+05:00"
LANGUAGES = ("kk", "ru", "en")
TRUE_VALUES = {"true", "1", "yes", "on"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        self.status, self.description = status, description
        super().__init__(description)


def _language(request: HttpRequest) -> str:
    raw = request.GET.get("locale") or request.GET.get("lang") or request.POST.get("locale") or ""
    lang = raw.strip().lower().replace("_", "-").split("-")[0]
    return lang if lang in LANGUAGES else "kk"


def error_answer(request: HttpRequest, status: int, message: str, headers: dict[str, str]) -> HttpResponse:
    """An error met outside the views (the database away, an uncaught exception) in Open311's
    format, by the address's extension, and its language. Registered for /open311/ in apps.py."""
    fmt = "xml" if request.path_info.endswith(".xml") else "json"
    try:
        lang = _language(request)
    except Exception:  # the body itself may be what failed
        lang = "kk"
    with translation.override(lang):
        return error(fmt, status, str(message), headers=headers)


def open311_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answers in the request's language; turns Open311Error and ValidationError into the Open311
    error format with the right status."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, fmt: str = "json", **kwargs: Any) -> HttpResponse:
        with translation.override(_language(request)):
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return error(fmt, exc.status, exc.description)
            except ValidationError as exc:
                return error(fmt, 400, " ".join(exc.messages))
            except TemporarilyUnavailable as exc:  # e.g. the rate limiter's cache is away: try later
                return error(fmt, 503, str(exc), headers={"Retry-After": str(exc.retry_after)})

    return wrapped


def _only(request: HttpRequest, *methods: str) -> None:
    if request.method not in methods:
        raise Open311Error(405, _("This method is not allowed here."))


# Discovery and services


@open311_view
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    _only(request, "GET", "HEAD")
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt})).rsplit("/", 1)[0] + "/"
    return render(
        fmt,
        "discovery",
        {
            "changeset": CHANGESET,
            "contact": _("The akimat that renders the service answers questions about a request."),
            "key_service": _("API keys for submitting requests are issued by the administrators of this site."),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base,
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["application/json", "text/xml"],
                }
            ],
        },
    )


def _service(service: PublicService) -> dict[str, Any]:
    keywords = [service.department_kind] + (["online"] if service.online else [])
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description,
        "metadata": bool(service.has_documents),
        "type": "batch",
        "keywords": ",".join(keywords),
        "group": service.get_department_kind_display(),
    }


@open311_view
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    _only(request, "GET", "HEAD")
    return render(fmt, "services", [_service(s) for s in selectors.offered_services()])


@open311_view
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    """The documents of the service's list, as the attributes of its definition."""
    _only(request, "GET", "HEAD")
    service = selectors.offered_service(service_code)
    if service is None:
        raise Open311Error(404, _("No public service with this code is offered."))
    attributes = [
        {
            "variable": True,
            "code": str(doc.pk),
            "datatype": "string",
            "required": doc.mandatory,
            "datatype_description": _("Accepted file types: %(types)s") % {"types": ", ".join(doc.file_type_list)},
            "order": position,
            "description": doc.name,
        }
        for position, doc in enumerate(service.documents.all(), start=1)
    ]
    return render(fmt, "service_definition", {"service_code": service.code, "attributes": attributes})


# Requests


def _moment(raw: str, name: str, *, end_of_day: bool = False) -> datetime:
    """A date and time (a date alone is its start, or its end for `end_date`); without an offset,
    in Kazakhstan time."""
    # Bounded (common.bounds): a date near year 1 or 9999 would overflow the window arithmetic.
    day = bounded_date(raw) if len(raw) == 10 else None
    value = datetime.combine(day, time.max if end_of_day else time.min) if day else bounded_datetime(raw)
    if value is None:
        raise Open311Error(
            400,
            _("%(name)s is not an ISO 8601 date and time between %(earliest)s and %(latest)s.")
            % {"name": name, "earliest": EARLIEST.year, "latest": LATEST.year},
        )
    return value if timezone.is_aware(value) else value.replace(tzinfo=ALMATY)


def _list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def _check_filters(request: HttpRequest) -> None:
    """The list's filters, checked as before (a malformed one is a 400), though nothing is listed."""
    params = request.GET
    if params.get("service_request_id"):
        return
    statuses = {s.lower() for s in _list(params.get("status", ""))}
    if not statuses <= {"open", "closed"}:
        raise Open311Error(400, _("status is open, closed or both, separated by a comma."))
    if params.get("end_date"):
        _moment(params["end_date"], "end_date", end_of_day=True)
    if params.get("start_date"):
        _moment(params["start_date"], "start_date")


@csrf_exempt  # clients authenticate by key, not by a cookie
@open311_view
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """Always an empty list. An application for a personal public service is not a public request:
    its service, akimat and time to the second can point at one person in a district of 13,000.
    Residents follow theirs with the tracking code; per-service totals are on the service's page
    (applications/figures.py). Problems reported by residents will be listed here (problem register)."""
    _only(request, "GET", "HEAD", "POST")
    if request.method == "POST":
        return _submit(request, fmt)
    _check_filters(request)
    return render(fmt, "service_requests", [])


@open311_view
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    """Not found, whatever the id: applications are not published (see `requests`), and numbers are
    sequential, so answering for some of them would tell which exist."""
    _only(request, "GET", "HEAD")
    raise Open311Error(
        404, _("Applications for public services are not published; track yours with its tracking code.")
    )


# Submission


def _submit(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    key = api_key_authenticate(data.get("api_key") or request.GET.get("api_key") or "")
    if key is None:
        raise Open311Error(403, _("A valid API key is required to submit requests."))
    code = (data.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    service = selectors.offered_service(code)
    if service is None:
        raise Open311Error(404, _("No public service with this code is offered."))
    offerings = selectors.offerings_for_key(code=code, territory_path=key.akimat.territory.path)
    if not offerings:
        raise Open311Error(403, _("This API key may not submit requests for this service."))
    department = (data.get("attribute[department]") or "").strip()
    if department:
        offerings = [o for o in offerings if str(o.department_id) == department]
        if not offerings and selectors.renders_service(code=code, department_id=department):
            raise Open311Error(403, _("This API key may not submit requests to this department."))
        if not offerings:
            raise Open311Error(400, _("attribute[department] is not a department that renders this service."))
    elif len(offerings) > 1:
        raise Open311Error(400, _("Several departments render this service: choose one in attribute[department]."))
    name = " ".join(f"{data.get('first_name', '')} {data.get('last_name', '')}".split())
    try:
        check_submission_rate(request)
    except RateLimited as exc:
        minutes = exc.retry_after_minutes
        return error(
            fmt,
            429,
            _("Too many requests from this address. Try again in %(minutes)d min.") % {"minutes": minutes},
            headers={"Retry-After": str(exc.retry_after)},
        )
    application = application_register(
        actor=None,
        offering=offerings[0],
        applicant=Applicant(
            iin=data.get("attribute[iin]", ""),
            name=name,
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            language=translation.get_language() or "kk",
        ),
        consent=(data.get("attribute[consent]") or "").strip().lower() in TRUE_VALUES,
        channel="online",
    )
    notice = _("Registered. Tracking code: %(code)s. Due by %(due)s.") % {
        "code": application.tracking_code,
        "due": timezone.localtime(application.due_at, ALMATY).strftime("%Y-%m-%d %H:%M"),
    }
    body = [{"service_request_id": application.number, "service_notice": notice, "account_id": None}]
    return render(fmt, "service_requests", body, status=201)

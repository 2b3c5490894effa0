"""Open311 GeoReport v2 on the problem register: jurisdictions are akimats (by KATO code), services
are their active problem categories, service requests are the public problem reports, and clients
holding an API key submit reports. Applications for public services are never listed: an
application is about one resident.

Every resource answers in JSON and in XML (by its extension), in the language of `?locale=` (or
`lang=`): kk, ru or en, Kazakh by default, said in Content-Language. See docs/open311.md.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters

from openakimat.common.errors import TemporarilyUnavailable
from openakimat.problems.models import Category
from openakimat.territory.models import Akimat

from . import selectors
from .formats import error, render

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this interface last changed, for the discovery document.
CHANGESET = "2026-11-29T00:00:00+05:00"
LANGUAGES = ("kk", "ru", "en")
READ = ("GET", "HEAD")
# What a submission carries that is nobody's business in an error report.
SENSITIVE = ("api_key", "first_name", "last_name", "email", "phone", "device_id", "account_id")


class Open311Error(Exception):
    def __init__(self, status: int, description: str, headers: dict[str, str] | None = None) -> None:
        self.status, self.description, self.headers = status, description, headers
        super().__init__(description)


def language(request: HttpRequest) -> str:
    raw = request.GET.get("locale") or request.GET.get("lang") or ""
    if not raw and request.method == "POST":
        raw = request.POST.get("locale") or ""
    lang = raw.strip().lower().replace("_", "-").split("-")[0]
    return lang if lang in LANGUAGES else "kk"


def error_answer(request: HttpRequest, status: int, message: str, headers: dict[str, str]) -> HttpResponse:
    """An error met outside the views (the database away, an uncaught exception) in Open311's
    format, by the address's extension, and its language. Registered for /open311/ in apps.py."""
    fmt = "xml" if request.path_info.endswith(".xml") else "json"
    try:
        lang = language(request)
    except Exception:  # the body itself may be what failed
        lang = "kk"
    with translation.override(lang):
        response = error(fmt, status, str(message), headers=headers)
    response["Content-Language"] = lang
    return response


def open311_view(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A resource answering `methods` (405 in Open311's format otherwise), in the request's language,
    with Open311Error, ValidationError and a busy dependency turned into Open311 errors.

    CSRF does not apply: no resource acts on a cookie (submission authenticates by key), and a
    POST to a read-only resource must reach it to be told 405 in Open311's format."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @sensitive_post_parameters(*SENSITIVE)
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, fmt: str = "json", **kwargs: Any) -> HttpResponse:
            lang = language(request)
            with translation.override(lang):
                response = _answer(view, methods, request, args, fmt, kwargs)
            response["Content-Language"] = lang
            return response

        return wrapped

    return decorate


def _answer(view, methods, request, args, fmt, kwargs) -> HttpResponse:
    try:
        if request.method not in methods:
            allowed = ", ".join(methods)
            raise Open311Error(405, _("This method is not allowed here."), headers={"Allow": allowed})
        return view(request, *args, fmt=fmt, **kwargs)
    except Open311Error as exc:
        return error(fmt, exc.status, exc.description, headers=exc.headers)
    except ValidationError as exc:
        return error(fmt, 400, " ".join(exc.messages))
    except TemporarilyUnavailable as exc:  # e.g. the rate limiter's cache is away: try later
        return error(fmt, 503, str(exc), headers={"Retry-After": str(exc.retry_after)})


def jurisdiction_of(request: HttpRequest, *, required: bool) -> Akimat | None:
    """The akimat named by `jurisdiction_id` (its KATO code). Unknown → 404. Not given: the only
    jurisdiction when there is one, None when there is none; with several, None, or a 400 when the
    resource needs one."""
    raw = (request.GET.get("jurisdiction_id") or "").strip()
    if not raw and request.method == "POST":
        raw = (request.POST.get("jurisdiction_id") or "").strip()
    if raw:
        akimat = selectors.jurisdiction(raw)
        if akimat is None:
            raise Open311Error(404, _("No jurisdiction has this jurisdiction_id (the KATO code of an akimat)."))
        return akimat
    if not required:
        return None
    only = list(selectors.jurisdictions()[:2])
    if len(only) <= 1:
        return only[0] if only else None
    raise Open311Error(400, _("jurisdiction_id is required: the KATO code of the akimat, listed in discovery."))


# Discovery and services


@open311_view(*READ)
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt})).rsplit("/", 1)[0] + "/"
    keys = request.build_absolute_uri(reverse("open311-keys:signup"))
    return render(
        fmt,
        "discovery",
        {
            "changeset": CHANGESET,
            "contact": _("The akimat that takes the report answers questions about it."),
            "key_service": _("Get an API key for submitting reports at %(url)s") % {"url": keys},
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base,
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["application/json", "text/xml"],
                }
            ],
            "jurisdictions": [{"jurisdiction_id": a.territory.kato, "name": a.name} for a in selectors.jurisdictions()],
        },
    )


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or None,
        "metadata": True,  # every service declares its attributes (see service_definition)
        "type": "realtime",  # a submission answers with its service_request_id at once
        "keywords": category.code,
        "group": category.department.name,
    }


@open311_view(*READ)
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    akimat = jurisdiction_of(request, required=True)
    found = selectors.services(akimat) if akimat is not None else []
    return render(fmt, "services", [_service(c) for c in found])


def _value_list(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"key": key, "name": name} for key, name in pairs]


def attributes(akimat: Akimat, category: Category) -> list[dict[str, Any]]:
    """What a submission to `category` may or must carry besides the standard fields."""
    found: list[dict[str, Any]] = [
        {
            "variable": False,
            "code": "contact",
            "datatype": "string",
            "required": False,
            "datatype_description": None,
            "order": 1,
            "description": (
                _("Send first_name and a phone or email: they are never published.")
                if not category.anonymous_allowed
                else _(
                    "Send first_name and a phone or email, or attribute[anonymous]=true; contacts are never published."
                )
            ),
        },
        {
            "variable": False,
            "code": "place",
            "datatype": "string",
            "required": False,
            "datatype_description": None,
            "order": 2,
            "description": _("Give the place as lat and long, as address_string, or as attribute[village]."),
        },
    ]
    villages = selectors.villages(akimat)
    if villages:
        found.append(
            {
                "variable": True,
                "code": "village",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("The KATO code of the village; address_id takes the same code."),
                "order": 3,
                "description": _("The village or okrug where the problem is."),
                "values": _value_list([(t.kato, t.name) for t in villages]),
            }
        )
    if category.anonymous_allowed:
        found.append(
            {
                "variable": True,
                "code": "anonymous",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": None,
                "order": 4,
                "description": _("Report without a name or contacts; you will not hear back."),
                "values": _value_list([("true", _("Yes")), ("false", _("No"))]),
            }
        )
    return found


@open311_view(*READ)
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    akimat = jurisdiction_of(request, required=True)
    category = selectors.service(akimat, service_code) if akimat is not None else None
    if category is None:
        raise Open311Error(404, _("This jurisdiction has no service with this code."))
    definition = {"service_code": category.code, "attributes": attributes(akimat, category)}
    return render(fmt, "service_definition", definition)

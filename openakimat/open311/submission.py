"""POST requests: a client holding an API key submits a problem report for a resident.

The key comes in the `X-Api-Key` header or the `api_key` field (never the query string, which
servers log), and is never logged or echoed. The same submission sent twice with the same key is one
report: its idempotency key is the SHA-256 of the key's id and the normalised submission; the first
send answers 201, a repeat 200 with the same service_request_id.
"""

import hashlib
import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from openakimat.common.phone import phone_normalise
from openakimat.common.ratelimit import RateLimited, check_submission_rate
from openakimat.problems.models import Category, Channel
from openakimat.problems.services import NewReport, report_create
from openakimat.territory.models import Akimat, Territory

from . import selectors
from .formats import error, render
from .models import ApiKey, SubmittedMedia
from .services import api_key_authenticate
from .views import Open311Error, jurisdiction_of

TRUE_VALUES = {"true", "1", "yes", "on"}
MEDIA_URL_MAX = 500
# The fields of a submission that make it the same submission (the key aside).
FIELDS = (
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "description",
    "media_url",
    "first_name",
    "last_name",
    "email",
    "phone",
    "device_id",
    "account_id",
)
# report_create's error fields, by the Open311 parameter a client sent.
PARAMETERS = {
    "description": "description",
    "address": "address_string",
    "lat": "lat",
    "category": "service_code",
    "territory": "address_id",
    "anonymous": "attribute[anonymous]",
    "name": "first_name",
    "phone": "phone",
}
_url = URLValidator(schemes=["http", "https"])


@sensitive_variables("raw")
def _key(request: HttpRequest) -> ApiKey:
    raw = request.headers.get("X-Api-Key") or request.POST.get("api_key") or ""
    key = api_key_authenticate(raw)
    if key is None:
        raise Open311Error(403, _("A valid API key is required to submit requests."))
    return key


def _coordinate(raw: str, name: str) -> Decimal | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) > 180 or len(raw) > 40:
        raise Open311Error(400, _("%(name)s is a number of degrees (WGS84).") % {"name": name})
    return value.quantize(Decimal("0.000001"))


def _territory(request: HttpRequest) -> Territory | None:
    data = request.POST
    raw = (data.get("address_id") or data.get("attribute[village]") or "").strip()
    if not raw:
        return None
    territory = selectors.territory_by_kato(raw)
    if territory is None:
        raise Open311Error(400, _("address_id is the KATO code of a village in the jurisdiction."))
    return territory


def _contacts(request: HttpRequest) -> tuple[str, str]:
    data = request.POST
    phone, email = (data.get("phone") or "").strip(), (data.get("email") or "").strip()
    if phone:
        try:
            phone = phone_normalise(phone)
        except ValidationError as exc:
            raise Open311Error(400, f"phone: {' '.join(exc.messages)}") from exc
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Open311Error(400, _("email: enter a valid e-mail address.")) from exc
    return phone, email


def _media_url(request: HttpRequest) -> str:
    url = (request.POST.get("media_url") or "").strip()
    if url:
        try:
            if len(url) > MEDIA_URL_MAX:
                raise ValidationError("too long")
            _url(url)
        except ValidationError as exc:
            raise Open311Error(400, _("media_url is an http or https address.")) from exc
    return url


def _category(akimat: Akimat, key: ApiKey, code: str) -> Category:
    if not code.strip():
        raise Open311Error(400, _("service_code is required."))
    category = selectors.service(akimat, code)
    if category is None:
        raise Open311Error(404, _("This jurisdiction has no service with this code."))
    if not akimat.territory.path.startswith(key.akimat.territory.path):
        raise Open311Error(403, _("This API key may not submit requests to this jurisdiction."))
    return category


def idempotency_key(key: ApiKey, request: HttpRequest) -> str:
    data = request.POST
    normal = {name: " ".join((data.get(name) or "").split()) for name in FIELDS}
    normal |= {name: " ".join(data.get(name, "").split()) for name in sorted(data) if name.startswith("attribute[")}
    return hashlib.sha256(f"{key.pk}\n{json.dumps(normal, sort_keys=True)}".encode()).hexdigest()


def _errors(exc: ValidationError) -> list[dict]:
    if not hasattr(exc, "error_dict"):
        return [{"code": 400, "description": " ".join(exc.messages)}]
    return [
        {"code": 400, "description": f"{PARAMETERS.get(field, field)}: {message}"}
        for field, messages in exc.message_dict.items()
        for message in messages
    ]


def submit(request: HttpRequest, fmt: str) -> HttpResponse:
    key = _key(request)
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
    akimat = jurisdiction_of(request, required=True)
    if akimat is None:
        raise Open311Error(404, _("This jurisdiction has no service with this code."))
    data = request.POST
    category = _category(akimat, key, data.get("service_code") or "")
    phone, email = _contacts(request)
    media_url = _media_url(request)
    new = NewReport(
        category=category,
        description=data.get("description") or "",
        lat=_coordinate(data.get("lat") or "", "lat"),
        lon=_coordinate(data.get("long") or "", "long"),
        territory=_territory(request),
        address=data.get("address_string") or "",
        name=" ".join(f"{data.get('first_name', '')} {data.get('last_name', '')}".split()),
        phone=phone,
        email=email,
        anonymous=(data.get("attribute[anonymous]") or "").strip().lower() in TRUE_VALUES,
        language=translation.get_language() or "kk",
        channel=Channel.OPEN311,
        idempotency_key=idempotency_key(key, request),
    )
    try:
        with transaction.atomic():
            created = report_create(new)
            if media_url and not created.existed:
                SubmittedMedia.objects.create(report=created.report, url=media_url)
    except ValidationError as exc:
        return render(fmt, "errors", _errors(exc), status=400)
    notice = _("Reported as request %(id)s; %(akimat)s will look into it.") % {
        "id": created.report.pk,
        "akimat": akimat.name,
    }
    body = [{"service_request_id": str(created.report.pk), "service_notice": notice}]
    return render(fmt, "service_requests", body, status=200 if created.existed else 201)

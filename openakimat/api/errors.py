"""How the JSON API answers errors: a clear message in the request's language and a 4xx, never a
5xx for something a caller can cause. `install` puts these handlers on the API that config/api.py
assembles."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from openakimat.common.errors import ConflictError, TemporarilyUnavailable


def install(api: NinjaAPI) -> None:
    def answer(status: int, body: Callable[[Exception], dict]) -> Callable[[HttpRequest, Exception], HttpResponse]:
        return lambda request, exc: api.create_response(request, body(exc), status=status)

    api.add_exception_handler(Http404, answer(404, lambda exc: {"detail": _("Not found.")}))
    api.add_exception_handler(
        PermissionDenied, answer(403, lambda exc: {"detail": str(exc) or _("Permission denied.")})
    )
    api.add_exception_handler(
        AuthenticationError, answer(401, lambda exc: {"detail": _("Sign in as staff to use this endpoint.")})
    )
    api.add_exception_handler(ValidationError, answer(400, _invalid))
    api.add_exception_handler(NinjaValidationError, answer(422, _invalid_input))
    api.add_exception_handler(ConflictError, answer(409, lambda exc: {"detail": str(exc)}))
    api.add_exception_handler(TemporarilyUnavailable, _unavailable(api))


def _unavailable(api: NinjaAPI) -> Callable[[HttpRequest, Exception], HttpResponse]:
    """503 with Retry-After: a part the request needs is away for now and nothing was done."""

    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, TemporarilyUnavailable)
        response = api.create_response(request, {"detail": str(exc)}, status=503)
        response["Retry-After"] = str(exc.retry_after)
        return response

    return handle


def _invalid(exc: Exception) -> dict:
    assert isinstance(exc, ValidationError)
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return {"detail": _("The data is not valid."), "errors": errors}


def _invalid_input(exc: Exception) -> dict:
    assert isinstance(exc, NinjaValidationError)
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = ".".join(str(p) for p in err.get("loc", [])[1:]) or "__all__"
        errors.setdefault(loc, []).append(str(err.get("msg", "")))
    return {"detail": _("The request is not valid."), "errors": errors}


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Addresses under /api/ that no endpoint matches answer in JSON, like the API itself."""
    return JsonResponse({"detail": _("Not found.")}, status=404)

"""How the JSON API answers errors: a clear message in the request's language and a 4xx, never a
5xx for something a caller can cause. Every error has one shape, `common.schemas.ErrorOut`
(`{"detail": …, "errors": {field: [messages]}}`), which the OpenAPI schema declares for each
operation (config/api.py). `install` puts these handlers on the API that config/api.py assembles;
`json_error` answers errors met outside the API's own handlers (the database away, an uncaught
exception, a method the address doesn't take: see `middleware`)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from openakimat.common.errors import ConflictError, TemporarilyUnavailable
from openakimat.common.unavailable import unavailable_or_none


def json_error(request: HttpRequest, status: int, message: str, headers: dict[str, str] | None = None) -> HttpResponse:
    """An error of the API in its one shape, for answers made outside the API's handlers."""
    return JsonResponse({"detail": str(message)}, status=status, headers=headers)


def install(api: NinjaAPI) -> None:
    def answer(
        status: int, body: Callable[[Exception], dict], headers: dict[str, str] | None = None
    ) -> Callable[[HttpRequest, Exception], HttpResponse]:
        def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
            response = api.create_response(request, body(exc), status=status)
            for name, value in (headers or {}).items():
                response[name] = value
            return response

        return handle

    api.add_exception_handler(Http404, answer(404, lambda exc: {"detail": _("Not found.")}))
    api.add_exception_handler(
        PermissionDenied, answer(403, lambda exc: {"detail": str(exc) or _("Permission denied.")})
    )
    api.add_exception_handler(
        AuthenticationError,
        answer(
            401,
            lambda exc: {"detail": _("Sign in as staff to use this endpoint.")},
            {"WWW-Authenticate": 'Bearer realm="api"'},
        ),
    )
    api.add_exception_handler(ValidationError, answer(400, _invalid))
    api.add_exception_handler(NinjaValidationError, answer(422, _invalid_input))
    api.add_exception_handler(ConflictError, answer(409, lambda exc: {"detail": str(exc)}))
    # A multipart form sent to an operation that reads a JSON body: the form was read (and its
    # files checked) before the operation asked for the raw body, which is then gone.
    api.add_exception_handler(
        RawPostDataException,
        answer(400, lambda exc: {"detail": _("This operation takes a JSON body (application/json), not a form.")}),
    )
    api.add_exception_handler(HttpError, _http_error(api))
    api.add_exception_handler(TemporarilyUnavailable, _unavailable(api))
    # The database away: 503 (in development too, where Ninja would answer a traceback).
    api.add_exception_handler(OperationalError, _database_error)
    api.add_exception_handler(InterfaceError, _database_error)


def _http_error(api: NinjaAPI) -> Callable[[HttpRequest, Exception], HttpResponse]:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, HttpError)
        message = str(exc)
        # Ninja's own refusals are English (and a parse error may quote the parser): translated.
        if message.startswith("Cannot parse request body"):
            message = _("The body is not valid JSON. Send a JSON object.")
        elif message == "CSRF check Failed":
            message = _("The form's security token is missing or wrong. Reload the page and try again.")
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    return handle


def _unavailable(api: NinjaAPI) -> Callable[[HttpRequest, Exception], HttpResponse]:
    """503 with Retry-After: a part the request needs is away for now and nothing was done."""

    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, TemporarilyUnavailable)
        response = api.create_response(request, {"detail": str(exc)}, status=503)
        response["Retry-After"] = str(exc.retry_after)
        return response

    return handle


def _database_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = unavailable_or_none(request, exc)
    if response is None:
        raise exc
    return response


def _invalid(exc: Exception) -> dict:
    assert isinstance(exc, ValidationError)
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return {"detail": _("The data is not valid."), "errors": errors}


def field_message(error: dict[str, Any]) -> str:
    """A pydantic error about one field, in the request's language (pydantic speaks English)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])  # our own validators' messages, translated when raised
    if kind == "greater_than_equal" and "ge" in ctx:
        return _("Enter a value of at least %(limit)s.") % {"limit": ctx["ge"]}
    if kind == "less_than_equal" and "le" in ctx:
        return _("Enter a value of at most %(limit)s.") % {"limit": ctx["le"]}
    if kind.startswith("string_too_long"):
        return _("The value is too long.")
    if kind.startswith("string_too_short"):
        return _("The value is too short.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return _("Enter a number.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind.startswith(("date_", "datetime_")):
        return _("Enter a date as YYYY-MM-DD (with a time: YYYY-MM-DDTHH:MM).")
    if kind in ("string_type", "string_unicode"):
        return _("Enter text.")
    if kind in ("json_invalid", "model_type", "dict_type", "model_attributes_type"):
        return _("Send a JSON object.")
    if kind in ("literal_error", "enum") and ctx.get("expected"):
        # pydantic lists them as "'a', 'b' or 'c'"
        return _("Choose one of: %(choices)s.") % {"choices": str(ctx["expected"]).replace(" or ", ", ")}
    return _("Enter a valid value.")


def _invalid_input(exc: Exception) -> dict:
    assert isinstance(exc, NinjaValidationError)
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = ".".join(str(p) for p in err.get("loc", [])[1:]) or "__all__"
        errors.setdefault(loc, []).append(field_message(err))
    return {"detail": _("The request is not valid."), "errors": errors}


@csrf_exempt  # a POST to a wrong address is a 404, not a CSRF failure
def api_not_found(request: HttpRequest) -> HttpResponse:
    """Addresses under /api/ that no endpoint matches answer in JSON, like the API itself."""
    return JsonResponse({"detail": _("Not found.")}, status=404)

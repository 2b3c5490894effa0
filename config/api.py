"""The JSON API at /api/v1/: assembles each app's router and maps errors to clear 4xx answers.

It lives beside the URLs, above every app, because it imports them all; the `openakimat.api` app
holds what the apps themselves need of the API (staff tokens and their authentication)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from openakimat.accounts.api import router as staff_router
from openakimat.applications.api import router as applications_router
from openakimat.budget.api import router as budget_router
from openakimat.catalogue.api import router as catalogue_router
from openakimat.common.errors import ConflictError
from openakimat.territory.api import router as territory_router

api = NinjaAPI(
    title="Open Akimat API",
    version="1",
    description=(
        "Open data of the akimats: territories (KATO), akimats and their departments, the "
        "service-akimat rollout, the register of public services, open budgets. Residents apply online "
        "and track their applications. Public endpoints need no key; staff endpoints need a signed-in "
        "staff session (with its second factor) or an `Authorization: Bearer <token>` staff API token."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", territory_router)
api.add_router("/", catalogue_router)
api.add_router("/", applications_router)
api.add_router("/budget", budget_router)
api.add_router("/staff", staff_router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("Permission denied.")}, status=403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Sign in as staff to use this endpoint.")}, status=401)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": _("The data is not valid."), "errors": errors}, status=400)


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = ".".join(str(p) for p in err.get("loc", [])[1:]) or "__all__"
        errors.setdefault(loc, []).append(str(err.get("msg", "")))
    return api.create_response(request, {"detail": _("The request is not valid."), "errors": errors}, status=422)


@api.exception_handler(ConflictError)
def conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Addresses under /api/ that no endpoint matches answer in JSON, like the API itself."""
    return JsonResponse({"detail": _("Not found.")}, status=404)

"""The JSON API at /api/v1/: assembles each app's router and maps errors to clear 4xx answers.

It lives beside the URLs, above every app, because it imports them all; the `openakimat.api` app
holds what the apps themselves need of the API (staff tokens and their authentication, the error
answers)."""

from typing import Any

from ninja import NinjaAPI

from openakimat.accountability.api_data import router as data_router
from openakimat.accounts.api import router as staff_router
from openakimat.api.auth import staff_auth
from openakimat.api.errors import api_not_found, install
from openakimat.appeals.api import router as appeals_router
from openakimat.applications.api import router as applications_router
from openakimat.budget.api import router as budget_router
from openakimat.catalogue.api import router as catalogue_router
from openakimat.common.schemas import ErrorOut
from openakimat.control.api import router as control_router
from openakimat.feedback.api_comments import router as comments_router
from openakimat.meetings.api import router as meetings_router
from openakimat.news.api import router as news_router
from openakimat.problems.api import router as problems_router
from openakimat.queueing.api import router as queueing_router
from openakimat.receptions.api import router as receptions_router
from openakimat.territory.api import router as territory_router

ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorOut"}
# The errors any operation of a kind can give, besides those its app declares (a 404 of a query
# parameter, a 409, a 429). Declared here once, so that a new endpoint declares them too.
ERRORS = {
    400: "The request is malformed (e.g. a NUL character in the address or a field).",
    401: "No signed-in staff session (with its second factor) and no valid bearer token.",
    403: "The caller's role does not allow this, or a signed-in session's change came without its CSRF token.",
    404: "Nothing with this identifier, or nothing the caller may see.",
    422: "A parameter or the body does not fit the schema; `errors` names each wrong field.",
    503: "The database is unavailable for the moment; try again after `Retry-After` seconds.",
}
RETRY_AFTER_HEADER = {
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}
}


def errors_of(path: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation can give by its kind: every one can meet a malformed request
    or an unavailable database; one with inputs, invalid input; one with a path parameter, a
    missing object; one that needs staff, a missing or refused caller."""
    statuses = [400, 503]
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.append(422)
    if "{" in path:
        statuses.append(404)
    if operation.get("security"):
        statuses += [401, 403]
    return sorted(statuses)


class OpenAkimatAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["components"].setdefault("schemas", {}).setdefault("ErrorOut", ErrorOut.model_json_schema())
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status in errors_of(path, operation):
                    responses.setdefault(
                        status,
                        {"description": ERRORS[status], "content": {"application/json": {"schema": ERROR_SCHEMA}}},
                    )
                for status in (429, 503):
                    if status in responses:
                        responses[status].setdefault("headers", RETRY_AFTER_HEADER)
        return schema


api = OpenAkimatAPI(
    title="Open Akimat API",
    version="1",
    description=(
        "Open data of the akimats: territories (KATO), akimats and their departments, the "
        "service-akimat rollout, the register of public services, open budgets. Residents apply online "
        "and track their applications. Public endpoints need no key; staff endpoints need a signed-in "
        "staff session (with its second factor) or an `Authorization: Bearer <token>` staff API token. "
        "Every error is JSON, `{detail, errors}`, in the request's language (`?lang=kk|ru|en`, else "
        "Accept-Language), and each operation lists the errors it can give."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", territory_router)
api.add_router("/", catalogue_router)
api.add_router("/", applications_router)
api.add_router("/budget", budget_router)
api.add_router("/", control_router)
api.add_router("/", receptions_router)
api.add_router("/", problems_router)
api.add_router("/", news_router)
api.add_router("/", appeals_router)
api.add_router("/", meetings_router)
api.add_router("/", queueing_router)
api.add_router("/", data_router)
api.add_router("/", comments_router)
# Staff endpoints take a bearer token as well as the session, like every staff endpoint.
api.add_router("/staff", staff_router, auth=staff_auth)
install(api)

__all__ = ["api", "api_not_found"]

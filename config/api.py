"""The JSON API at /api/v1/: assembles each app's router and maps errors to clear 4xx answers.

It lives beside the URLs, above every app, because it imports them all; the `openakimat.api` app
holds what the apps themselves need of the API (staff tokens and their authentication)."""

from ninja import NinjaAPI

from openakimat.accounts.api import router as staff_router
from openakimat.api.errors import api_not_found, install
from openakimat.applications.api import router as applications_router
from openakimat.budget.api import router as budget_router
from openakimat.catalogue.api import router as catalogue_router
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
install(api)

__all__ = ["api", "api_not_found"]

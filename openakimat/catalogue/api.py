from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from openakimat.common.pagination import PagePagination
from openakimat.territory.models import DepartmentKind

from . import selectors
from .schemas import PublicServiceDetail, PublicServiceOut

router = Router()


class ServiceFilters(Schema):
    q: str | None = None
    department_kind: DepartmentKind | None = None
    akimat: str | None = None


@router.get("/services", response=list[PublicServiceOut], summary="List public services", tags=["services"])
@paginate(PagePagination)
def list_services(request: HttpRequest, filters: Query[ServiceFilters]):
    """Active services of the register. `q` searches, in Kazakh, Russian and English, the names,
    common names (ЗАГС, АХАЖ, "birth certificate"), results, departments and legal basis, forgives
    misspellings and orders the best matches first, as the catalogue page does; `department_kind`
    and `akimat` (KATO code of the akimat that offers the service) filter."""
    return selectors.public_service_list(q=filters.q, department_kind=filters.department_kind, akimat=filters.akimat)


@router.get(
    "/services/{code}",
    response=PublicServiceDetail,
    summary="One public service with its documents and where to apply",
    tags=["services"],
)
def get_service(request: HttpRequest, code: str):
    return selectors.public_service_get(code=code)

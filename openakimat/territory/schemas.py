from datetime import date
from typing import Any

from ninja import Schema


class Names(Schema):
    kk: str
    ru: str
    en: str


def names(obj: Any, field: str = "name") -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}") for lang in ("kk", "ru", "en")}


class Point(Schema):
    lat: float
    lon: float
    approximate: bool


class TerritoryOut(Schema):
    kato: str
    level: str
    parent: str | None
    name: Names
    centre_name: Names
    centre: Point | None
    population: int | None
    population_year: int | None
    has_boundary: bool

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        return obj.parent.kato if obj.parent_id else None

    @staticmethod
    def resolve_name(obj: Any) -> dict[str, str]:
        return names(obj)

    @staticmethod
    def resolve_centre_name(obj: Any) -> dict[str, str]:
        return names(obj, "centre_name")

    @staticmethod
    def resolve_centre(obj: Any) -> dict[str, Any] | None:
        if obj.centre_lat is None or obj.centre_lon is None:
            return None
        return {"lat": float(obj.centre_lat), "lon": float(obj.centre_lon), "approximate": obj.centre_approximate}


class TerritoryNode(Schema):
    kato: str
    level: str
    name: Names
    children: list["TerritoryNode"]


class TerritoryDetail(TerritoryOut):
    ancestors: list[TerritoryOut]
    children: list[TerritoryOut]

    @staticmethod
    def resolve_children(obj: Any) -> list[Any]:
        return obj.children_list


class AkimatOut(Schema):
    territory: str
    kind: str
    name: Names
    address: Names
    phone: str
    email: str
    hours: Names
    service_status: str
    service_opened_on: date | None
    open_space: bool

    @staticmethod
    def resolve_territory(obj: Any) -> str:
        return obj.territory.kato

    @staticmethod
    def resolve_name(obj: Any) -> dict[str, str]:
        return names(obj)

    @staticmethod
    def resolve_address(obj: Any) -> dict[str, str]:
        return names(obj, "address")

    @staticmethod
    def resolve_hours(obj: Any) -> dict[str, str]:
        return names(obj, "hours")


class DepartmentOut(Schema):
    id: int
    kind: str
    name: Names

    @staticmethod
    def resolve_name(obj: Any) -> dict[str, str]:
        return names(obj)


class AkimatDetail(AkimatOut):
    departments: list[DepartmentOut]

    @staticmethod
    def resolve_departments(obj: Any) -> list[Any]:
        return list(obj.departments.all())


class RolloutRowOut(Schema):
    territory: str
    level: str
    name: Names
    akimat: Names | None
    service_status: str
    service_opened_on: date | None
    open_space: bool


class RolloutOut(Schema):
    region: str
    name: Names
    total: int
    open: int
    planned: int
    percent: int
    units: list[RolloutRowOut]


class AkimatPatch(Schema):
    """Fields of an akimat that its akim or administrator may change. Omitted fields stay."""

    address_kk: str | None = None
    address_ru: str | None = None
    address_en: str | None = None
    hours_kk: str | None = None
    hours_ru: str | None = None
    hours_en: str | None = None
    phone: str | None = None
    email: str | None = None
    service_status: str | None = None
    service_opened_on: date | None = None
    open_space: bool | None = None


class GrantOut(Schema):
    id: int
    username: str
    full_name: str
    role: str
    department: str | None

    @staticmethod
    def resolve_username(obj: Any) -> str:
        return obj.user.username

    @staticmethod
    def resolve_full_name(obj: Any) -> str:
        return obj.user.get_full_name()

    @staticmethod
    def resolve_department(obj: Any) -> str | None:
        return obj.department.name if obj.department_id else None

"""Open receptions as open data (openakimat/common/datasets.py): the schedule (what the public
schedule shows) and the problems raised at the receptions held, in the public wording written
without names. Never a sign-up: no resident's name, phone or problem as they wrote it."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import Max

from openakimat.common.datasets import Dataset, Field, Text, in_languages, register

from .models import RaisedProblem, Reception, Status

AKIMAT = Field(
    "akimat_kato",
    "string",
    Text("Әкімдік (ӘАОЖ)", "Акимат (КАТО)", "Akimat (KATO)"),
    Text("Әкімдік аумағының ӘАОЖ коды", "Код КАТО территории акимата", "The KATO code of the akimat's territory"),
)
RECEPTION_FIELDS = (
    Field(
        "id",
        "integer",
        Text("Нөмірі", "Номер", "Id"),
        Text(
            "Қабылдаудың сайттағы нөмірі (/receptions/<id>/)",
            "Номер приёма на сайте (/receptions/<id>/)",
            "The reception's number on the site (/receptions/<id>/)",
        ),
    ),
    AKIMAT,
    Field(
        "kind",
        "string",
        Text("Түрі", "Вид", "Kind"),
        Text(
            "regular, open_public, online немесе field",
            "regular, open_public, online или field",
            "regular, open_public, online or field",
        ),
    ),
    Field(
        "starts_at",
        "datetime",
        Text("Басталуы", "Начало", "Starts"),
        Text("Басталу уақыты (UTC)", "Время начала (UTC)", "When it starts (UTC)"),
    ),
    *in_languages(
        "host_position",
        Text("Қабылдайтын лауазымы", "Должность принимающего", "Host's position"),
        Text("Қабылдауды жүргізетін лауазымды тұлға", "Кто ведёт приём", "Who holds the reception"),
    ),
    *in_languages("place", Text("Орны", "Место", "Place"), Text("Өтетін орны", "Место проведения", "Where it is held")),
    Field(
        "capacity",
        "integer",
        Text("Орын саны", "Мест", "Places"),
        Text("Жазылуға болатын орын саны", "Сколько жителей можно записать", "How many residents may sign up"),
    ),
    Field(
        "status",
        "string",
        Text("Күйі", "Статус", "Status"),
        Text("scheduled, held немесе cancelled", "scheduled, held или cancelled", "scheduled, held or cancelled"),
    ),
)
PROBLEM_FIELDS = (
    Field(
        "reception_id",
        "integer",
        Text("Қабылдау", "Приём", "Reception"),
        Text("Қабылдаудың нөмірі (receptions)", "Номер приёма (receptions)", "The reception's id (receptions)"),
    ),
    AKIMAT,
    Field(
        "held_at",
        "datetime",
        Text("Қабылдау уақыты", "Время приёма", "Held at"),
        Text("Қабылдау өткен уақыт (UTC)", "Когда прошёл приём (UTC)", "When the reception was held (UTC)"),
    ),
    Field(
        "topic",
        "string",
        Text("Тақырыбы", "Тема", "Topic"),
        Text(
            "roads, utilities, housing, land, social… сияқты тақырып",
            "Тема: roads, utilities, housing, land, social…",
            "The topic: roads, utilities, housing, land, social…",
        ),
    ),
    Field(
        "text",
        "string",
        Text("Мәселе", "Проблема", "Problem"),
        Text(
            "Мәселенің есімсіз жарияланған мәтіні",
            "Публичная формулировка проблемы, без имён",
            "The problem as published, without names",
        ),
    ),
    *in_languages(
        "department",
        Text("Жауапты бөлім", "Ответственный отдел", "Department"),
        Text("Мәселені шешуге жауапты бөлім", "Отдел, отвечающий за решение", "The department responsible"),
    ),
    Field(
        "village_kato",
        "string",
        Text("Елді мекен (ӘАОЖ)", "Населённый пункт (КАТО)", "Village (KATO)"),
        Text(
            "Мәселе қатысты ауыл; бос болуы мүмкін",
            "Село, к которому относится проблема; может быть пусто",
            "The village the problem concerns, if any",
        ),
    ),
)


def _rows(qs: Any, fields: tuple[Field, ...]) -> Iterator[dict[str, Any]]:
    names = [f.name for f in fields]
    for row in qs.iterator(chunk_size=2000):
        yield {k: "" if v is None and k.endswith("_kato") else v for k, v in zip(names, row, strict=True)}


def reception_rows() -> Iterator[dict[str, Any]]:
    qs = Reception.objects.order_by("starts_at", "pk").values_list(
        "pk",
        "akimat__territory__kato",
        "kind",
        "starts_at",
        "host_position_kk",
        "host_position_ru",
        "host_position_en",
        "place_kk",
        "place_ru",
        "place_en",
        "capacity",
        "status",
    )
    return _rows(qs, RECEPTION_FIELDS)


def problem_rows() -> Iterator[dict[str, Any]]:
    qs = (
        RaisedProblem.objects.filter(reception__status=Status.HELD)
        .order_by("reception__starts_at", "pk")
        .values_list(
            "reception_id",
            "reception__akimat__territory__kato",
            "reception__starts_at",
            "topic",
            "text",
            "department__name_kk",
            "department__name_ru",
            "department__name_en",
            "village__kato",
        )
    )
    return _rows(qs, PROBLEM_FIELDS)


def receptions_changed() -> datetime | None:
    return Reception.objects.aggregate(at=Max("updated_at"))["at"]


def problems_changed() -> datetime | None:
    return RaisedProblem.objects.aggregate(at=Max("updated_at"))["at"]


def register_datasets() -> None:
    register(
        Dataset(
            slug="receptions",
            title=Text("Азаматтарды қабылдау кестесі", "График приёма граждан", "Schedule of open receptions"),
            description=Text(
                "Әкімдердің азаматтарды қабылдауы: қашан, қайда, кім қабылдайды, орын саны, күйі.",
                "Приёмы граждан акимами: когда, где, кто принимает, сколько мест, статус.",
                "The akims' open receptions: when, where, who receives, how many places, the status.",
            ),
            fields=RECEPTION_FIELDS,
            rows=reception_rows,
            updated_at=receptions_changed,
            owner="receptions",
            realm="register",
        )
    )
    register(
        Dataset(
            slug="reception-problems",
            title=Text(
                "Қабылдауда көтерілген мәселелер", "Проблемы, поднятые на приёмах", "Problems raised at receptions"
            ),
            description=Text(
                "Өткен қабылдауларда көтерілген мәселелер есімсіз жарияланған түрде: тақырыбы, мәтіні, жауапты бөлім.",
                "Проблемы, поднятые на прошедших приёмах, в публичной формулировке без имён:"
                " тема, текст, ответственный отдел.",
                "The problems raised at the receptions held, as published without names:"
                " topic, text, responsible department.",
            ),
            fields=PROBLEM_FIELDS,
            rows=problem_rows,
            updated_at=problems_changed,
            owner="receptions",
            realm="register",
        )
    )

"""Published meetings and hearings as open data (openakimat/common/datasets.py): what their public
pages show, never a draft, an attendee's contacts nor a resident's question."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import Max

from openakimat.common.datasets import Dataset, Field, Text, in_languages, register

from . import permissions
from .models import Meeting

FIELDS = (
    Field(
        "id",
        "integer",
        Text("Нөмірі", "Номер", "Id"),
        Text(
            "Кездесудің сайттағы нөмірі (/meetings/<id>/)",
            "Номер заседания на сайте (/meetings/<id>/)",
            "The meeting's number on the site (/meetings/<id>/)",
        ),
    ),
    Field(
        "akimat_kato",
        "string",
        Text("Әкімдік (ӘАОЖ)", "Акимат (КАТО)", "Akimat (KATO)"),
        Text("Әкімдік аумағының ӘАОЖ коды", "Код КАТО территории акимата", "The KATO code of the akimat's territory"),
    ),
    Field(
        "kind",
        "string",
        Text("Түрі", "Вид", "Kind"),
        Text(
            "akimat, hearing, session немесе working_group",
            "akimat, hearing, session или working_group",
            "akimat, hearing, session or working_group",
        ),
    ),
    Field(
        "format",
        "string",
        Text("Өткізу түрі", "Формат", "Format"),
        Text("in_person, online немесе hybrid", "in_person, online или hybrid", "in_person, online or hybrid"),
    ),
    *in_languages(
        "title", Text("Тақырыбы", "Тема", "Title"), Text("Кездесу тақырыбы", "Тема заседания", "The meeting's title")
    ),
    Field(
        "starts_at",
        "datetime",
        Text("Басталуы", "Начало", "Starts"),
        Text("Басталу уақыты (UTC)", "Время начала (UTC)", "When it starts (UTC)"),
    ),
    Field(
        "ends_at",
        "datetime",
        Text("Аяқталуы", "Окончание", "Ends"),
        Text(
            "Аяқталу уақыты (UTC); бос болуы мүмкін",
            "Время окончания (UTC); может быть пусто",
            "When it ends (UTC), if set",
        ),
    ),
    *in_languages("place", Text("Орны", "Место", "Place"), Text("Өтетін орны", "Место проведения", "Where it is held")),
    Field(
        "status",
        "string",
        Text("Күйі", "Статус", "Status"),
        Text("scheduled немесе cancelled (тоқтатылды)", "scheduled или cancelled (отменено)", "scheduled or cancelled"),
    ),
    Field(
        "residents_in_person",
        "integer",
        Text("Залдағы тұрғындар", "Жителей в зале", "Residents in the hall"),
        Text(
            "Залға келген тұрғындар саны; бос — есептелмеген",
            "Сколько жителей пришло; пусто — не учтено",
            "How many residents came; empty when not recorded",
        ),
    ),
    Field(
        "residents_online",
        "integer",
        Text("Онлайн тұрғындар", "Жителей онлайн", "Residents online"),
        Text(
            "Онлайн қосылған тұрғындар саны; бос — есептелмеген",
            "Сколько жителей подключилось онлайн; пусто — не учтено",
            "How many residents joined online; empty when not recorded",
        ),
    ),
)


def meeting_rows() -> Iterator[dict[str, Any]]:
    names = [f.name for f in FIELDS]
    rows = (
        Meeting.objects.filter(permissions.public_q())
        .order_by("starts_at", "pk")
        .values_list(
            "pk",
            "akimat__territory__kato",
            "kind",
            "format",
            "title_kk",
            "title_ru",
            "title_en",
            "starts_at",
            "ends_at",
            "place_kk",
            "place_ru",
            "place_en",
            "status",
            "residents_in_person",
            "residents_online",
        )
        .iterator(chunk_size=2000)
    )
    for row in rows:
        yield dict(zip(names, row, strict=True))


def meetings_changed() -> datetime | None:
    return Meeting.objects.filter(permissions.public_q()).aggregate(at=Max("updated_at"))["at"]


def register_datasets() -> None:
    register(
        Dataset(
            slug="meetings",
            title=Text(
                "Әкімдік кездесулері мен тыңдаулар", "Заседания и публичные слушания", "Meetings and public hearings"
            ),
            description=Text(
                "Жарияланған кездесулер мен қоғамдық тыңдаулар: уақыты, орны, күйі, қатысқан тұрғындар саны.",
                "Опубликованные заседания акимата и публичные слушания: время, место, статус, число пришедших жителей.",
                "The akimats' published meetings and public hearings: when, where, their status"
                " and how many residents came.",
            ),
            fields=FIELDS,
            rows=meeting_rows,
            updated_at=meetings_changed,
            owner="meetings",
            realm="meetings",
        )
    )

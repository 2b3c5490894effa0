"""The public register of instructions as open data (openakimat/common/datasets.py): what the
register's public pages show, never the responsible official nor the reports' files."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone

from openakimat.common.datasets import Dataset, Field, Text, in_languages, register

from .models import OPEN_STATUSES, Instruction

FIELDS = (
    Field(
        "number",
        "string",
        Text("Нөмірі", "Номер", "Number"),
        Text("Тапсырманың тізілімдегі нөмірі", "Номер поручения в реестре", "The instruction's number in the register"),
    ),
    Field(
        "akimat_kato",
        "string",
        Text("Әкімдік (ӘАОЖ)", "Акимат (КАТО)", "Akimat (KATO)"),
        Text(
            "Тапсырма берген әкімдік аумағының ӘАОЖ коды",
            "Код КАТО территории акимата, давшего поручение",
            "The KATO code of the territory of the akimat that gave the instruction",
        ),
    ),
    *in_languages(
        "department",
        Text("Орындаушы бөлім", "Исполняющий отдел", "Department"),
        Text("Тапсырманы орындайтын бөлім", "Отдел, исполняющий поручение", "The department carrying it out"),
    ),
    Field(
        "territory_kato",
        "string",
        Text("Елді мекен (ӘАОЖ)", "Населённый пункт (КАТО)", "Place (KATO)"),
        Text(
            "Тапсырма қатысты аумақ; бос болуы мүмкін",
            "Территория, к которой относится поручение; может быть пусто",
            "The territory the instruction concerns, if any",
        ),
    ),
    Field(
        "title",
        "string",
        Text("Не істеу керек", "Что нужно сделать", "What must be done"),
        Text("Тапсырманың мәні", "Суть поручения", "The substance of the instruction"),
    ),
    Field(
        "source",
        "string",
        Text("Көзі", "Источник", "Source"),
        Text(
            "Тапсырма неден туды: кездесу, қабылдау, мәселе, өтініш…",
            "Откуда поручение: заседание, приём, проблема, обращение…",
            "Where the instruction came from: a meeting, a reception, a problem report, an appeal…",
        ),
    ),
    Field(
        "status",
        "string",
        Text("Күйі", "Статус", "Status"),
        Text(
            "assigned, in_progress, overdue, done немесе cancelled",
            "assigned, in_progress, overdue, done или cancelled",
            "assigned, in_progress, overdue (open past its deadline), done or cancelled",
        ),
    ),
    Field(
        "created_at",
        "datetime",
        Text("Берілді", "Дано", "Given"),
        Text("Тапсырма берілген уақыт (UTC)", "Когда дано поручение (UTC)", "When the instruction was given (UTC)"),
    ),
    Field(
        "deadline",
        "date",
        Text("Мерзімі", "Срок", "Deadline"),
        Text("Қазіргі мерзімі", "Текущий срок", "The current deadline"),
    ),
    Field(
        "original_deadline",
        "date",
        Text("Алғашқы мерзімі", "Первоначальный срок", "First deadline"),
        Text("Ұзартуға дейінгі мерзім", "Срок до продлений", "The deadline before any extension"),
    ),
    Field(
        "extensions",
        "integer",
        Text("Ұзартулар", "Продления", "Extensions"),
        Text("Мерзім неше рет ұзартылды", "Сколько раз продлевали срок", "How many times the deadline was extended"),
    ),
    Field(
        "completed_at",
        "datetime",
        Text("Орындалды", "Исполнено", "Done at"),
        Text(
            "Орындалған уақыт (UTC); орындалмаса бос",
            "Когда исполнено (UTC); пусто, если нет",
            "When it was done (UTC), if done",
        ),
    ),
    Field(
        "done_on_time",
        "boolean",
        Text("Мерзімінде", "В срок", "On time"),
        Text(
            "Мерзімінде орындалды ма; орындалмаса бос",
            "Исполнено ли в срок; пусто, если не исполнено",
            "Whether it was done by its deadline; empty if not done",
        ),
    ),
)


def instruction_rows() -> Iterator[dict[str, Any]]:
    today = timezone.localdate()
    rows = (
        Instruction.objects.order_by("pk")
        .values_list(
            "number",
            "akimat__territory__kato",
            "department__name_kk",
            "department__name_ru",
            "department__name_en",
            "territory__kato",
            "title",
            "source_kind",
            "status",
            "created_at",
            "deadline",
            "original_deadline",
            "extension_count",
            "completed_at",
            "done_on_time",
        )
        .iterator(chunk_size=2000)
    )
    names = [f.name for f in FIELDS]
    for row in rows:
        found = dict(zip(names, row, strict=True))
        if found["status"] in OPEN_STATUSES and found["deadline"] < today:
            found["status"] = "overdue"
        found["territory_kato"] = found["territory_kato"] or ""
        yield found


def instructions_changed() -> datetime | None:
    return Instruction.objects.aggregate(at=Max("updated_at"))["at"]


def register_datasets() -> None:
    register(
        Dataset(
            slug="instructions",
            title=Text("Тапсырмалар тізілімі", "Реестр поручений", "Register of instructions"),
            description=Text(
                "Әкімдіктердің тапсырмалары: кім орындайды, мерзімі, күйі, мерзімінде орындалды ма.",
                "Поручения акиматов: кто исполняет, срок, статус, исполнено ли в срок.",
                "The akimats' instructions: who carries them out, the deadline, the status, whether done on time.",
            ),
            fields=FIELDS,
            rows=instruction_rows,
            updated_at=instructions_changed,
            owner="control",
            realm="register",
        )
    )

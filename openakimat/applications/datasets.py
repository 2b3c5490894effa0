"""Anonymised statistics of the front office as open data (openakimat/common/datasets.py): per
service, akimat and month of registration, how many applications came, how many were decided, how
many on time, and the median days to a decision. Counts only: no number, no applicant, no case."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import Max
from django.utils import timezone

from openakimat.common.datasets import Dataset, Field, Text, register

from .models import Application

DAY = Decimal(86400)

FIELDS = (
    Field(
        "service_code",
        "string",
        Text("Қызмет коды", "Код услуги", "Service code"),
        Text(
            "Мемлекеттік қызметтер тізіліміндегі коды (public-services)",
            "Код услуги в реестре государственных услуг (public-services)",
            "The service's code in the register of public services (public-services)",
        ),
    ),
    Field(
        "akimat_kato",
        "string",
        Text("Әкімдік (ӘАОЖ)", "Акимат (КАТО)", "Akimat (KATO)"),
        Text("Әкімдік аумағының ӘАОЖ коды", "Код КАТО территории акимата", "The KATO code of the akimat's territory"),
    ),
    Field(
        "month",
        "yearmonth",
        Text("Ай", "Месяц", "Month"),
        Text(
            "Өтініш тіркелген ай (Астана уақыты)",
            "Месяц регистрации заявления (время Астаны)",
            "The month the applications were registered (Astana time)",
        ),
    ),
    Field(
        "received",
        "integer",
        Text("Түсті", "Поступило", "Received"),
        Text("Тіркелген өтініштер саны", "Число зарегистрированных заявлений", "Applications registered"),
    ),
    Field(
        "completed",
        "integer",
        Text("Шешілді", "Решено", "Completed"),
        Text(
            "Шешім шыққан өтініштер (дайын немесе бас тартылған)",
            "Заявления с решением (готово или отказ)",
            "Applications decided (result ready or refused)",
        ),
    ),
    Field(
        "completed_on_time",
        "integer",
        Text("Мерзімінде шешілді", "Решено в срок", "Completed on time"),
        Text(
            "Мерзімі өткенге дейін шешілгендері",
            "Из решённых — решённые до истечения срока",
            "Of those decided, the ones decided by their due date",
        ),
    ),
    Field(
        "median_days",
        "number",
        Text("Медиана, күн", "Медиана, дней", "Median days"),
        Text(
            "Тіркеуден шешімге дейінгі күндердің медианасы; шешім болмаса бос",
            "Медиана календарных дней от регистрации до решения; пусто, если решений нет",
            "Median calendar days from registration to decision; empty when none is decided",
        ),
    ),
)


def _row(key: tuple[str, str, str], received: int, took: list[timedelta], on_time: int) -> dict[str, Any]:
    days = None
    if took:
        days = (Decimal(median(took).total_seconds()) / DAY).quantize(Decimal("0.1"))
    return {
        "service_code": key[0],
        "akimat_kato": key[1],
        "month": key[2],
        "received": received,
        "completed": len(took),
        "completed_on_time": on_time,
        "median_days": days,
    }


def statistics_rows() -> Iterator[dict[str, Any]]:
    """One pass over the applications' dates in order (one query, read in chunks), holding only the
    decision times of the group at hand: works the same on every database."""
    cases = (
        Application.objects.order_by("service__code", "akimat__territory__kato", "registered_at", "pk")
        .values_list("service__code", "akimat__territory__kato", "registered_at", "decided_at", "due_at")
        .iterator(chunk_size=5000)
    )
    key: tuple[str, str, str] | None = None
    received = on_time = 0
    took: list[timedelta] = []
    for code, kato, registered, decided, due in cases:
        month = timezone.localtime(registered).strftime("%Y-%m")
        if (code, kato, month) != key:
            if key is not None:
                yield _row(key, received, took, on_time)
            key, received, on_time, took = (code, kato, month), 0, 0, []
        received += 1
        if decided is not None:
            took.append(decided - registered)
            on_time += decided <= due
    if key is not None:
        yield _row(key, received, took, on_time)


def statistics_changed() -> datetime | None:
    return Application.objects.aggregate(at=Max("updated_at"))["at"]


def register_datasets() -> None:
    register(
        Dataset(
            slug="application-statistics",
            title=Text("Өтініштер статистикасы", "Статистика заявлений", "Application statistics"),
            description=Text(
                "Әр қызмет, әкімдік және ай бойынша: қанша өтініш түсті, қаншасы шешілді, қаншасы мерзімінде, "
                "шешімге дейінгі күндердің медианасы. Тек жиынтық сандар, жеке деректер жоқ.",
                "По каждой услуге, акимату и месяцу: сколько заявлений поступило, сколько решено, сколько в срок, "
                "медиана дней до решения. Только обобщённые числа, без персональных данных.",
                "Per service, akimat and month: how many applications came, how many were decided, how many on "
                "time, and the median days to a decision. Aggregate counts only, no personal data.",
            ),
            fields=FIELDS,
            rows=statistics_rows,
            updated_at=statistics_changed,
            owner="applications",
            realm="",
        )
    )

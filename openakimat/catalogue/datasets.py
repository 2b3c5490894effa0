"""The register of public services as open data (openakimat/common/datasets.py)."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import Max

from openakimat.common.datasets import Dataset, Field, Text, register

from .models import PublicService

FIELDS = (
    Field(
        "code",
        "string",
        Text("Тізілім коды", "Код в реестре", "Register code"),
        Text(
            "Мемлекеттік көрсетілетін қызметтер тізіліміндегі коды",
            "Код услуги в реестре государственных услуг",
            "The service's code in the register of public services",
        ),
    ),
    Field(
        "department_kind",
        "string",
        Text("Бөлім", "Отдел", "Department"),
        Text(
            "Қызметті көрсететін бөлімнің түрі",
            "Вид отдела, оказывающего услугу",
            "The kind of department that provides the service",
        ),
    ),
    Field(
        "name_kk",
        "string",
        Text("Атауы (қазақша)", "Название (казахский)", "Name (Kazakh)"),
        Text("Қызметтің қазақша атауы", "Название услуги на казахском", "The service's name in Kazakh"),
    ),
    Field(
        "name_ru",
        "string",
        Text("Атауы (орысша)", "Название (русский)", "Name (Russian)"),
        Text("Қызметтің орысша атауы", "Название услуги на русском", "The service's name in Russian"),
    ),
    Field(
        "name_en",
        "string",
        Text("Атауы (ағылшынша)", "Название (английский)", "Name (English)"),
        Text("Қызметтің ағылшынша атауы", "Название услуги на английском", "The service's name in English"),
    ),
    Field(
        "term_value",
        "integer",
        Text("Мерзімі", "Срок", "Term"),
        Text("Заңда белгіленген мерзім", "Срок оказания по закону", "The legal term"),
    ),
    Field(
        "term_unit",
        "string",
        Text("Мерзім бірлігі", "Единица срока", "Term unit"),
        Text(
            "minutes, hours, working_days немесе calendar_days",
            "minutes, hours, working_days или calendar_days",
            "minutes, hours, working_days or calendar_days",
        ),
    ),
    Field(
        "fee_tenge",
        "number",
        Text("Төлем, теңге", "Плата, тенге", "Fee, tenge"),
        Text(
            "Бос болса — тұрақты сомасы жоқ; 0 — тегін",
            "Пусто — фиксированной суммы нет; 0 — бесплатно",
            "Empty when there is no fixed amount; 0 is free",
        ),
    ),
    Field(
        "fee_mrp",
        "number",
        Text("Төлем, АЕК", "Плата, МРП", "Fee, MCI"),
        Text(
            "Айлық есептік көрсеткішпен төлем",
            "Плата в месячных расчётных показателях",
            "The fee in monthly calculation indices",
        ),
    ),
    Field(
        "at_desk",
        "boolean",
        Text("Кеңседе", "В приёмной", "At the desk"),
        Text(
            "Халыққа қызмет көрсету кеңсесінде алуға болады",
            "Можно получить в приёмной акимата",
            "Offered at the front-office desk",
        ),
    ),
    Field(
        "online",
        "boolean",
        Text("Онлайн", "Онлайн", "Online"),
        Text("Онлайн өтініш беруге болады", "Можно подать заявление онлайн", "Can be applied for online"),
    ),
    Field(
        "updated_at",
        "datetime",
        Text("Жаңартылды", "Обновлено", "Updated"),
        Text(
            "Жазба соңғы өзгерген уақыт (UTC)",
            "Время последнего изменения записи (UTC)",
            "When the record last changed (UTC)",
        ),
    ),
)
COLUMNS = (
    "code",
    "department_kind",
    "name_kk",
    "name_ru",
    "name_en",
    "term_value",
    "term_unit",
    "fee",
    "fee_mrp",
    "at_desk",
    "online",
    "updated_at",
)


def service_rows() -> Iterator[dict[str, Any]]:
    rows = PublicService.objects.filter(is_active=True).order_by("code").values_list(*COLUMNS)
    names = [f.name for f in FIELDS]
    for row in rows.iterator(chunk_size=2000):
        yield dict(zip(names, row, strict=True))


def services_changed() -> datetime | None:
    return PublicService.objects.aggregate(at=Max("updated_at"))["at"]


def register_datasets() -> None:
    register(
        Dataset(
            slug="public-services",
            title=Text("Мемлекеттік қызметтер тізілімі", "Реестр государственных услуг", "Register of public services"),
            description=Text(
                "Әкімдіктер көрсететін мемлекеттік қызметтер: мерзімі, төлемі, қалай алуға болады.",
                "Государственные услуги, которые оказывают акиматы: сроки, плата, как получить.",
                "The public services the akimats provide: their terms, fees and how to get them.",
            ),
            fields=FIELDS,
            rows=service_rows,
            updated_at=services_changed,
            owner="catalogue",
        )
    )

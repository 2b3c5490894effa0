"""Budgets as open data (openakimat/common/datasets.py): the lines of every current budget, the same
rows and columns as the budget's own CSV export (exports.current_line_rows), for all territories and
years at once. Per territory and year the budget API also gives them as a Fiscal Data Package with
the monthly payments (/api/v1/budget/exports/<kato>/<year>.zip, docs/budget-data.md)."""

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Max

from openakimat.common.datasets import Dataset, Field, Text, in_languages, register

from . import exports
from .models import Budget, BudgetLine

LEVEL_TITLES = {
    "group": Text("Функционалдық топ", "Функциональная группа", "Functional group"),
    "subgroup": Text("Функционалдық кіші топ", "Функциональная подгруппа", "Functional subgroup"),
    "administrator": Text(
        "Бюджеттік бағдарлама әкімшісі", "Администратор бюджетных программ", "Programme administrator"
    ),
    "program": Text("Бағдарлама", "Программа", "Programme"),
    "subprogram": Text("Кіші бағдарлама", "Подпрограмма", "Subprogramme"),
}
PHASE_TITLES = {
    "approved": Text("Бекітілген, теңге", "Утверждено, тенге", "Approved, tenge"),
    "adjusted": Text("Нақтыланған, теңге", "Уточнённый план, тенге", "Adjusted plan, tenge"),
    "contracted": Text("Шарт жасалған, теңге", "Законтрактовано, тенге", "Contracted, tenge"),
    "paid": Text("Төленген, теңге", "Оплачено, тенге", "Paid, tenge"),
}
CODE = Text("Коды", "Код", "Code")

FIELDS = (
    Field(
        "kato",
        "string",
        Text("Аумақ (ӘАОЖ)", "Территория (КАТО)", "Territory (KATO)"),
        Text("Бюджет аумағының ӘАОЖ коды", "Код КАТО территории бюджета", "The KATO code of the budget's territory"),
    ),
    *in_languages(
        "territory",
        Text("Аумақ", "Территория", "Territory"),
        Text("Аумақ атауы", "Название территории", "The territory's name"),
    ),
    Field("year", "integer", Text("Жыл", "Год", "Year"), Text("Бюджет жылы", "Год бюджета", "The budget's year")),
    Field(
        "version",
        "integer",
        Text("Нұсқа", "Версия", "Version"),
        Text("Бюджеттің қазіргі нұсқасы", "Текущая версия бюджета", "The budget's current version"),
    ),
    Field(
        "month",
        "integer",
        Text("Ай", "Месяц", "Month"),
        Text(
            "Жолдарда бос (айлық төлемдер — Fiscal Data Package-те)",
            "Пусто для строк (помесячные платежи — в Fiscal Data Package)",
            "Empty for the lines (monthly payments are in the Fiscal Data Package)",
        ),
    ),
    Field(
        "functional_code",
        "string",
        Text("Функционалдық код", "Функциональный код", "Functional code"),
        Text("Функционалдық сыныптама коды", "Код функциональной классификации", "The functional classification code"),
    ),
    *in_languages(
        "name",
        Text("Атауы", "Название", "Name"),
        Text("Сыныптама атауы", "Название по классификации", "The classification's name"),
    ),
    *(
        Field(
            level,
            "string",
            title,
            Text(f"{title.kk}: {CODE.kk.lower()}", f"{title.ru}: {CODE.ru.lower()}", f"{title.en} code"),
        )
        for level, title in LEVEL_TITLES.items()
    ),
    *in_languages(
        "group",
        Text("Топ атауы", "Название группы", "Group name"),
        Text("Функционалдық топтың атауы", "Название функциональной группы", "The functional group's name"),
    ),
    Field(
        "economic_code",
        "string",
        Text("Экономикалық ерекшелік", "Экономическая специфика", "Economic specific"),
        Text(
            "Экономикалық сыныптама коды; бос болуы мүмкін",
            "Код экономической классификации; может быть пусто",
            "The economic classification code, if any",
        ),
    ),
    *(
        Field(
            phase,
            "number",
            title,
            Text(f"{title.kk}, екі таңбамен", f"{title.ru}, с точностью до тиына", f"{title.en}, to two decimals"),
        )
        for phase, title in PHASE_TITLES.items()
    ),
)


def budget_rows() -> Iterator[dict[str, Any]]:
    for row in exports.current_line_rows(BudgetLine.objects.filter(budget__is_current=True)):
        row["month"] = None
        for phase in exports.PHASES:
            row[phase] = Decimal(row[phase])
        yield row


def budgets_changed() -> datetime | None:
    return Budget.objects.aggregate(at=Max("updated_at"))["at"]


def register_datasets() -> None:
    register(
        Dataset(
            slug="budget-lines",
            title=Text("Бюджеттер", "Бюджеты", "Budgets"),
            description=Text(
                "Барлық аумақтар мен жылдардың қазіргі бюджеттерінің жолдары: бекітілген, нақтыланған,"
                " шарт жасалған, төленген.",
                "Строки текущих бюджетов всех территорий и лет: утверждено, уточнено, законтрактовано, оплачено.",
                "The lines of the current budgets of every territory and year: approved, adjusted,"
                " contracted and paid.",
            ),
            fields=FIELDS,
            rows=budget_rows,
            updated_at=budgets_changed,
            owner="budget",
        )
    )

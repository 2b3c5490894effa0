"""Column names the CSV template accepts, in English, Russian and Kazakh. A header cell is
compared without case, spaces, punctuation, "ё"/"е" differences and any unit it states
("Утверждено, тыс. тенге", "Approved (thousand tenge)"): the unit becomes a hint for the file."""

import re

from .numbers import parse_unit

MONTH_NAMES = (
    ("january", "jan", "январь", "янв", "қаңтар"),
    ("february", "feb", "февраль", "фев", "ақпан"),
    ("march", "mar", "март", "мар", "наурыз"),
    ("april", "apr", "апрель", "апр", "сәуір"),
    ("may", "май", "мамыр"),
    ("june", "jun", "июнь", "июн", "маусым"),
    ("july", "jul", "июль", "июл", "шілде"),
    ("august", "aug", "август", "авг", "тамыз"),
    ("september", "sep", "sept", "сентябрь", "сен", "сент", "қыркүйек"),
    ("october", "oct", "октябрь", "окт", "қазан"),
    ("november", "nov", "ноябрь", "ноя", "қараша"),
    ("december", "dec", "декабрь", "дек", "желтоқсан"),
)

ALIASES: dict[str, tuple[str, ...]] = {
    "kato": ("kato", "territory", "territorykato", "като", "кодкато", "территория", "аумақ", "аумақкато"),
    "year": ("year", "fiscalyear", "budgetyear", "год", "финансовыйгод", "жыл", "қаржылықжыл"),
    "version": ("version", "adjustment", "версия", "редакция", "нұсқа"),
    "code": (
        "code",
        "classification",
        "classificationcode",
        "functionalcode",
        "functionalclassification",
        "код",
        "кбк",
        "кодклассификации",
        "кодбюджетнойклассификации",
        "функциональнаяклассификация",
        "кодфункциональнойклассификации",
        "сыныптама",
        "сыныптамакоды",
        "функционалдықсыныптама",
        "бюджеттіксыныптамакоды",
    ),
    "group": ("group", "functionalgroup", "группа", "функциональнаягруппа", "фг", "топ", "функционалдықтоп"),
    "subgroup": (
        "subgroup",
        "functionalsubgroup",
        "подгруппа",
        "функциональнаяподгруппа",
        "кішітоп",
        "кішіфункция",
        "функционалдықкішітоп",
    ),
    "administrator": (
        "administrator",
        "programadministrator",
        "budgetprogramadministrator",
        "администратор",
        "абп",
        "администраторбюджетныхпрограмм",
        "әкімші",
        "бюджеттікбағдарламалардыңәкімшісі",
    ),
    "program": (
        "program",
        "programme",
        "budgetprogram",
        "программа",
        "бюджетнаяпрограмма",
        "бағдарлама",
        "бюджеттікбағдарлама",
    ),
    "subprogram": (
        "subprogram",
        "subprogramme",
        "budgetsubprogram",
        "подпрограмма",
        "бюджетнаяподпрограмма",
        "кішібағдарлама",
        "бюджеттіккішібағдарлама",
    ),
    "economic": (
        "economic",
        "economiccode",
        "economicspecific",
        "specific",
        "специфика",
        "экономическаяспецифика",
        "экономическаяклассификация",
        "ерекшелік",
        "экономикалықерекшелік",
        "экономикалықсыныптама",
    ),
    "approved": (
        "approved",
        "approvedbudget",
        "утверждено",
        "утвержденныйбюджет",
        "утвержденныйплан",
        "бекітілген",
        "бекітілді",
        "бекітілгенбюджет",
    ),
    "adjusted": (
        "adjusted",
        "adjustedplan",
        "revised",
        "уточнено",
        "уточненныйбюджет",
        "уточненныйплан",
        "нақтыланған",
        "нақтыланғанбюджет",
        "нақтыланғанжоспар",
    ),
    "contracted": (
        "contracted",
        "committed",
        "законтрактовано",
        "заключенодоговоров",
        "келісімшартжасалған",
        "шартжасалған",
    ),
    "paid": (
        "paid",
        "executed",
        "cashexecution",
        "оплачено",
        "исполнено",
        "кассовоеисполнение",
        "төленген",
        "төленді",
        "атқарылған",
        "кассалықатқарылуы",
    ),
    "unit": ("unit", "currencyunit", "единица", "единицаизмерения", "едизм", "бірлік", "өлшембірлігі"),
}
for _month, _names in enumerate(MONTH_NAMES, start=1):
    ALIASES[f"m{_month:02d}"] = (f"m{_month:02d}", f"m{_month}", f"month{_month}", f"month{_month:02d}", *_names)

LOOKUP = {alias: column for column, aliases in ALIASES.items() for alias in aliases}
MONTH_COLUMNS = tuple(f"m{m:02d}" for m in range(1, 13))
PHASE_COLUMNS = ("approved", "adjusted", "contracted", "paid")
LEVEL_COLUMNS = ("group", "subgroup", "administrator", "program", "subprogram")
AMOUNT_COLUMNS = (*PHASE_COLUMNS, *MONTH_COLUMNS)

_BRACKETS = re.compile(r"\(.*?\)|\[.*?\]")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(cell: str) -> str:
    text = cell.strip().lstrip("\ufeff").lower().replace("ё", "е")
    text = _BRACKETS.sub(" ", text).split(",", 1)[0]
    return _NOT_WORD.sub("", text)


def read_header(cells: list[str]) -> tuple[list[str | None], list[int | None]]:
    """For each header cell: the template column it names (None: not one of ours) and the unit it
    states (None: none)."""
    return [LOOKUP.get(normalise(c)) for c in cells], [parse_unit(c) if c.strip() else None for c in cells]


def looks_like_header(cells: list[str], *, territory_given: bool = False, year_given: bool = False) -> bool:
    """Whether a row is the header: it names the KATO and year columns — or, for what the caller
    gives for every row (`--territory`, `--year`), a classification and an amount column in their
    place."""
    columns = {LOOKUP.get(normalise(c)) for c in cells}
    named = ("kato" in columns or territory_given) and ("year" in columns or year_given)
    if named and (territory_given or year_given):
        return ("code" in columns or "group" in columns) and any(c in columns for c in AMOUNT_COLUMNS)
    return named

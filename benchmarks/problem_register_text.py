"""The invented words of benchmarks/problem_register_data.py: problem categories with the department
each goes to, and what residents write and officials answer. Public text only: no person is named."""

import random

# code, department kind, days to fix, share of reports, (kk, ru, en) name, what must be done (ru, kk),
# what residents write.
CATEGORIES = [
    (
        "roads",
        "construction",
        20,
        0.30,
        ("Жолдар мен тротуарлар", "Дороги и тротуары", "Roads and pavements"),
        ("Заделать ямы на дороге", "Жолдағы шұңқырларды жөндеу"),
        [
            "Глубокая яма на проезжей части.",
            "Разбит асфальт, машины объезжают по встречной.",
            "Жолда үлкен шұңқыр бар.",
        ],
    ),
    (
        "lighting",
        "housing",
        7,
        0.18,
        ("Көше жарығы", "Уличное освещение", "Street lighting"),
        ("Восстановить уличное освещение", "Көше жарығын қалпына келтіру"),
        ["Не горят фонари на всей улице.", "Фонарь мигает по ночам.", "Көшеде шам жанбайды."],
    ),
    (
        "water",
        "housing",
        5,
        0.10,
        ("Сумен жабдықтау", "Водоснабжение", "Water supply"),
        ("Устранить утечку водопровода", "Су құбырының ағуын жою"),
        ["Из колонки течёт вода, образовалась лужа.", "Нет воды в колонке третий день.", "Су құбыры ағып жатыр."],
    ),
    (
        "waste",
        "housing",
        3,
        0.15,
        ("Қоқыс шығару", "Вывоз мусора", "Waste collection"),
        ("Вывезти мусор с площадки", "Алаңнан қоқысты шығару"),
        ["Контейнеры переполнены, мусор не вывозят неделю.", "Стихийная свалка за остановкой.", "Қоқыс шығарылмайды."],
    ),
    (
        "snow",
        "housing",
        2,
        0.10,
        ("Қар тазалау", "Уборка снега", "Snow clearing"),
        ("Очистить дорогу от снега", "Жолды қардан тазарту"),
        ["Дорогу замело, автобус не проходит.", "Не чистят снег у школы.", "Көшеде қар тазаланбаған."],
    ),
    (
        "playgrounds",
        "construction",
        30,
        0.06,
        ("Балалар алаңдары", "Детские площадки", "Playgrounds"),
        ("Отремонтировать детскую площадку", "Балалар алаңын жөндеу"),
        ["Сломаны качели на площадке.", "Торчат гвозди из горки.", "Алаңдағы әткеншек сынған."],
    ),
    (
        "schools",
        "education",
        30,
        0.04,
        ("Мектептер мен балабақшалар", "Школы и детские сады", "Schools and kindergartens"),
        ("Отремонтировать крыльцо школы", "Мектептің кіреберісін жөндеу"),
        ["Обвалилось крыльцо у школы.", "Протекает крыша в детском саду.", "Мектептің шатыры ағады."],
    ),
    (
        "animals",
        "agriculture",
        10,
        0.07,
        ("Қараусыз жануарлар", "Безнадзорные животные", "Stray animals"),
        ("Отловить безнадзорных собак", "Қараусыз иттерді аулау"),
        ["Стая собак у остановки.", "Бродячие собаки пугают детей.", "Аялдамада иттер үйірі жүр."],
    ),
]

STREETS = ["ул. Абая", "ул. Мира", "ул. Школьная", "ул. Ленина", "ул. Целинная", "ул. Достык", "ул. Байтурсынова"]
LANDMARKS = ["у школы", "у магазина", "у остановки", "напротив акимата", "у клуба", "у почты", "у мечети"]
RESULTS = ["Работы выполнены.", "Выполнено, фото приложено.", "Жұмыс орындалды.", "Устранено подрядчиком."]
CANCEL_REASONS = ["Объект на балансе другой организации.", "Работы включены в план следующего года."]
REJECT_REASONS = ["Не относится к ведению акимата.", "Место не удалось найти, уточните адрес."]
PROGRESS = ["Заявка передана подрядчику.", "Материалы закуплены, работы начнутся на неделе.", "Жұмыс басталды."]
# Invented reporters (most reports are anonymous): names only, the contacts are left empty.
REPORTERS = ["Айгерим", "Ерлан", "Ольга", "Нурлан", "Сауле", "Данияр", "Татьяна", "Асхат"]


def ensure_categories(akimat) -> list:
    """The eight categories of `akimat` (made when missing), each with its `weight` (share of
    reports) set on the instance; a category whose department kind the akimat lacks is skipped."""
    from openakimat.problems.models import Category

    departments = {d.kind: d for d in akimat.departments.filter(is_active=True).order_by("pk")}
    out = []
    for order, (code, kind, days, weight, names, _title, _words) in enumerate(CATEGORIES):
        department = departments.get(kind)
        if department is None:
            continue
        category, _created = Category.objects.get_or_create(
            akimat=akimat,
            code=code,
            defaults={
                "department": department,
                "name_kk": names[0],
                "name_ru": names[1],
                "name_en": names[2],
                "days_to_fix": days,
                "anonymous_allowed": True,
                "order": order,
            },
        )
        category.weight = weight
        out.append(category)
    return out


WORDS = {code: (title, words) for code, _k, _d, _w, _n, title, words in CATEGORIES}


def address(rng: random.Random, *, required: bool = False) -> str:
    """The place (a street and a landmark, never a home), or "" for a report shown on the map only."""
    return f"{rng.choice(STREETS)}, {rng.choice(LANDMARKS)}" if required or rng.random() < 0.8 else ""


def description(rng: random.Random, code: str) -> str:
    words = WORDS.get(code, (("", ""), ["Проблема."]))[1]
    return " ".join(rng.sample(words, k=rng.randint(1, min(2, len(words)))))


def title(rng: random.Random, code: str, place: str) -> str:
    ru, kk = WORDS.get(code, (("Устранить проблему", "Мәселені шешу"), []))[0]
    what = kk if rng.random() < 0.3 else ru
    return f"{what}: {place}" if place else what

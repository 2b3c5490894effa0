"""The territories, akimats, departments and staff of the demonstration data set: North
Kazakhstan region with the Akzhar district in detail.

Facts (KATO codes, names, district centres, Akzhar's population, its okrugs and villages, the
count of 9 open service akimats of 14) come from docs/demo-data.md's sources. Everything marked
INVENTED below is made up to make the demo usable; docs/demo-data.md lists it. The district
boundaries are real (data/README.md says where they come from and under which licence).
"""

from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

REGION = {
    "kato": "590000000",
    "en": "North Kazakhstan region",
    "ru": "Северо-Казахстанская область",
    "kk": "Солтүстік Қазақстан облысы",
    "centre": ("Petropavl", "Петропавловск", "Петропавл"),
    "lat": 54.867,
    "lon": 69.150,
}

# (kato, level, en, ru, kk, centre en/ru/kk, lat, lon)
DISTRICTS = [
    (
        "591000000",
        "city",
        "Petropavl",
        "город Петропавловск",
        "Петропавл қаласы",
        ("Petropavl", "Петропавловск", "Петропавл"),
        54.867,
        69.150,
    ),
    (
        "593200000",
        "district",
        "Aiyrtau district",
        "Айыртауский район",
        "Айыртау ауданы",
        ("Saumalkol", "Саумалколь", "Саумалкөл"),
        53.293,
        68.105,
    ),
    (
        "593400000",
        "district",
        "Akzhar district",
        "Акжарский район",
        "Ақжар ауданы",
        ("Talshik", "Талшик", "Талшық"),
        53.637,
        71.874,
    ),
    (
        "593600000",
        "district",
        "Magzhan Zhumabaev district",
        "Район Магжана Жумабаева",
        "Мағжан Жұмабаев ауданы",
        ("Bulaevo", "Булаево", "Булаев"),
        54.906,
        70.442,
    ),
    (
        "594200000",
        "district",
        "Esil district",
        "Есильский район",
        "Есіл ауданы",
        ("Yavlenka", "Явленка", "Явленка"),
        54.345,
        68.457,
    ),
    (
        "594600000",
        "district",
        "Zhambyl district",
        "Жамбылский район",
        "Жамбыл ауданы",
        ("Presnovka", "Пресновка", "Пресновка"),
        54.456,
        66.934,
    ),
    (
        "595000000",
        "district",
        "Kyzylzhar district",
        "Кызылжарский район",
        "Қызылжар ауданы",
        ("Beskol", "Бесколь", "Бескөл"),
        54.953,
        69.223,
    ),
    (
        "595200000",
        "district",
        "Mamlyut district",
        "Мамлютский район",
        "Мамлют ауданы",
        ("Mamlyutka", "Мамлютка", "Мамлют"),
        54.938,
        68.539,
    ),
    (
        "595600000",
        "district",
        "Shal akyn district",
        "Район Шал акына",
        "Шал ақын ауданы",
        ("Sergeevka", "Сергеевка", "Сергеевка"),
        53.881,
        67.409,
    ),
    (
        "595800000",
        "district",
        "Akkayin district",
        "Аккайынский район",
        "Аққайың ауданы",
        ("Smirnovo", "Смирново", "Смирново"),
        54.515,
        69.427,
    ),
    (
        "596000000",
        "district",
        "Taiynsha district",
        "Тайыншинский район",
        "Тайынша ауданы",
        ("Taiynsha", "Тайынша", "Тайынша"),
        53.848,
        69.768,
    ),
    (
        "596200000",
        "district",
        "Timiryazev district",
        "Тимирязевский район",
        "Тимирязев ауданы",
        ("Timiryazevo", "Тимирязево", "Тимирязев"),
        53.749,
        66.489,
    ),
    (
        "596400000",
        "district",
        "Ualikhanov district",
        "Уалихановский район",
        "Уәлиханов ауданы",
        ("Kishkenekol", "Кишкенеколь", "Кішкенекөл"),
        53.636,
        72.341,
    ),
    (
        "596600000",
        "district",
        "Gabit Musrepov district",
        "Район Габита Мусрепова",
        "Ғабит Мүсірепов ауданы",
        ("Novoishimskoye", "Новоишимское", "Новоишім"),
        53.198,
        66.769,
    ),
]

AKZHAR = "593400000"
AKZHAR_POPULATION = (13465, 2023)
POPULATION_YEAR = 2023


def invented_populations(okrug_villages: dict[str, list[str]]) -> dict[str, int]:
    """Populations for every demo territory but Akzhar, so "per resident" answers everywhere.
    ALL INVENTED (docs/demo-data.md): the other districts get plausible sizes from their codes and
    Petropavl a city's; the region is their sum; Akzhar's 13,465 (a fact) is shared among its
    okrugs by their number of villages, and each okrug's among its villages, the first (the
    okrug's centre) taking the largest part. `okrug_villages`: each Akzhar okrug's village codes."""
    people: dict[str, int] = {}
    for kato, level, *_ in DISTRICTS:
        if kato == AKZHAR:
            people[kato] = AKZHAR_POPULATION[0]
        elif level == "city":
            people[kato] = 218_500
        else:
            people[kato] = 11_000 + (int(kato[2:4]) * 7_919) % 26_000
    people[str(REGION["kato"])] = sum(people.values())
    weights = {okrug: len(villages) + 1 for okrug, villages in okrug_villages.items()}
    left, total_weight = AKZHAR_POPULATION[0], sum(weights.values())
    for i, (okrug, villages) in enumerate(okrug_villages.items()):
        share = left if i == len(okrug_villages) - 1 else AKZHAR_POPULATION[0] * weights[okrug] // total_weight
        left -= share
        people[okrug] = share
        parts = [2] + [1] * (len(villages) - 1)
        village_left = share
        for j, village in enumerate(villages):
            part = village_left if j == len(villages) - 1 else share * parts[j] // sum(parts)
            village_left -= part
            people[village] = part
    del people[AKZHAR]
    return people


# The 14 district and city boundaries of the region (1:1 million), read by the boundaries importer.
BOUNDARIES = Path(__file__).resolve().parent / "data" / "sko_adm2_2024.geojson"

# Which akimats run a service akimat. The count (9 of 14) is a fact; which nine, and the
# dates, are INVENTED except that Akzhar's is one of them.
SERVICE_AKIMATS_OPEN = {
    "591000000": date(2019, 9, 2),
    "593200000": date(2020, 2, 3),
    "593400000": date(2024, 3, 15),
    "593600000": date(2020, 6, 1),
    "594200000": date(2021, 3, 1),
    "595000000": date(2019, 12, 2),
    "595200000": date(2021, 9, 1),
    "596000000": date(2022, 2, 1),
    "596200000": date(2022, 11, 1),
}

# Akzhar's rural okrugs (KATO codes and villages are facts; the Russian and Kazakh spellings of
# some names are transliterations and may differ from the official ones). Village codes INVENTED.
# (kato, en, ru, kk, villages [(en, ru, kk)])
AKZHAR_OKRUGS = [
    (
        "593430000",
        "Talshik",
        "Талшикский",
        "Талшық",
        [
            ("Talshik", "Талшик", "Талшық"),
            ("Kazanskoye", "Казанское", "Казан"),
            ("Tugurzhap", "Тугуржап", "Тұғыржап"),
            ("Ulgili", "Улгили", "Үлгілі"),
        ],
    ),
    ("593432000", "Aisary", "Айсаринский", "Айсары", [("Aisarinskoye", "Айсаринское", "Айсары")]),
    ("593433000", "Alkaterek", "Алкатерекский", "Алқатерек", [("Alkaterek", "Алкатерек", "Алқатерек")]),
    (
        "593435000",
        "Voskhod",
        "Восходский",
        "Восход",
        [("Voskhodskoye", "Восходское", "Восход"), ("Aksai", "Аксай", "Ақсай")],
    ),
    (
        "593436000",
        "Kenashchi",
        "Кенащинский",
        "Кеңащы",
        [("Kenashchy", "Кенащы", "Кеңащы"), ("Baitus", "Байтус", "Байтұс")],
    ),
    (
        "593437000",
        "Kishikaraoy",
        "Кишкенекараойский",
        "Кішіқараой",
        [("Bostandyk", "Бостандык", "Бостандық"), ("Kievskoye", "Киевское", "Киев")],
    ),
    (
        "593438000",
        "Kulykol",
        "Кулыкольский",
        "Құлыкөл",
        [("Kulykol", "Кулыколь", "Құлыкөл"), ("Karashilik", "Карашилик", "Қарашілік")],
    ),
    (
        "593439000",
        "Leningrad",
        "Ленинградский",
        "Ленинград",
        [
            ("Leningradskoye", "Ленинградское", "Ленинград"),
            ("Dauit", "Дауит", "Дәуіт"),
            ("Kyzyltu", "Кызылту", "Қызылту"),
        ],
    ),
    ("593441000", "Maiskoye", "Майский", "Май", [("Maiskoye", "Майское", "Май")]),
    (
        "593443000",
        "Novoselskoye",
        "Новосельский",
        "Новосельское",
        [("Kommunizm", "Коммунизм", "Коммунизм"), ("Gorkovskoye", "Горьковское", "Горький")],
    ),
    (
        "593445000",
        "Akzharkyn",
        "Акжаркынский",
        "Ақжарқын",
        [("Akzharkyn", "Акжаркын", "Ақжарқын"), ("Ashchikol", "Ащиколь", "Ащыкөл")],
    ),
    ("593449000", "Uyaly", "Уялинский", "Ұялы", [("Uyaly", "Уялы", "Ұялы"), ("Aksary", "Аксары", "Ақсары")]),
]

# The six departments of a service akimat (names in en / ru / kk, with {d} for the district).
DEPARTMENTS = [
    ("construction", "{en} construction department", "Отдел строительства ({ru})", "{kk} құрылыс бөлімі"),
    ("education", "{en} education department", "Отдел образования ({ru})", "{kk} білім бөлімі"),
    (
        "housing",
        "{en} housing and communal services department",
        "Отдел жилищно-коммунального хозяйства ({ru})",
        "{kk} тұрғын үй-коммуналдық шаруашылық бөлімі",
    ),
    ("agriculture", "{en} agriculture department", "Отдел сельского хозяйства ({ru})", "{kk} ауыл шаруашылығы бөлімі"),
    (
        "employment",
        "{en} employment and social programmes department",
        "Отдел занятости и социальных программ ({ru})",
        "{kk} жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
    ),
    (
        "civil_registry",
        "{en} civil registry office",
        "Отдел регистрации актов гражданского состояния ({ru})",
        "{kk} азаматтық хал актілерін тіркеу бөлімі",
    ),
]

AKZHAR_AKIMAT = {
    # The address is a fact; everything else here is INVENTED: the hours, the e-mail and website
    # (example.kz), the phone (a local number starting with 0, which no subscriber has), the
    # building's position (Talshik's centre, marked approximate), the akim (the demo's akim
    # account) and the reception hours.
    "address_en": "15 Tselinnaya street, Talshik village, Akzhar district",
    "address_ru": "Акжарский район, село Талшик, улица Целинная, 15",
    "address_kk": "Ақжар ауданы, Талшық ауылы, Целинная көшесі, 15",
    "hours_en": "Monday to Friday 09:00–18:30, lunch 13:00–14:30",
    "hours_ru": "Понедельник — пятница 09:00–18:30, обед 13:00–14:30",
    "hours_kk": "Дүйсенбі — жұма 09:00–18:30, түскі үзіліс 13:00–14:30",
    "email": "akzhar.demo@example.kz",
    "website": "https://akzhar.demo.example.kz/",
    "phone": "+7 71546 0 00 10",
    "location_lat": Decimal("53.63700"),
    "location_lon": Decimal("71.87400"),
    "location_approximate": True,
    "akim_name_kk": "Асқар Әкім (демо)",
    "akim_name_ru": "Аскар Аким (демо)",
    "akim_name_en": "Askar Akim (demo)",
    "reception_en": "Tuesdays 10:00–13:00, by sign-up at the front office",
    "reception_ru": "Вторник 10:00–13:00, по записи во фронт-офисе",
    "reception_kk": "Сейсенбі 10:00–13:00, фронт-офисте алдын ала жазылу арқылы",
}


def okrug_akimat_details(index: int, village: tuple[str, str, str]) -> dict[str, object]:
    """The contacts of the akimat of Akzhar's okrug number `index` (0–11), whose centre is
    `village` (en, ru, kk). All INVENTED: the street and house, the phone (local numbers starting
    with 0, which no subscriber has), the e-mail (example.kz) and the hours. The building's position
    is the okrug centre's, itself approximate (see load_demo)."""
    en, ru, kk = village
    return {
        "address_en": f"{index + 1} Tsentralnaya street, {en} village, Akzhar district",
        "address_ru": f"Акжарский район, село {ru}, улица Центральная, {index + 1}",
        "address_kk": f"Ақжар ауданы, {kk} ауылы, Орталық көшесі, {index + 1}",
        "phone": f"+7 71546 0 01 {index + 10:02d}",
        "email": f"okrug{index + 1:02d}.akzhar.demo@example.kz",
        "hours_en": "Monday to Friday 09:00–18:00, lunch 13:00–14:00",
        "hours_ru": "Понедельник — пятница 09:00–18:00, обед 13:00–14:00",
        "hours_kk": "Дүйсенбі — жұма 09:00–18:00, түскі үзіліс 13:00–14:00",
        "reception_en": "Thursdays 09:00–12:00, no sign-up needed",
        "reception_ru": "Четверг 09:00–12:00, без записи",
        "reception_kk": "Бейсенбі 09:00–12:00, алдын ала жазылусыз",
        "location_approximate": True,
    }


# Prefixes of application numbers (AKZ-2026-000123) of the district and city akimats: INVENTED.
CASE_PREFIXES = {
    "591000000": "PTR",
    "593200000": "AIR",
    "593400000": "AKZ",
    "593600000": "MZH",
    "594200000": "ESL",
    "594600000": "ZHM",
    "595000000": "KZH",
    "595200000": "MML",
    "595600000": "SHA",
    "595800000": "AKK",
    "596000000": "TNS",
    "596200000": "TMR",
    "596400000": "UAL",
    "596600000": "GMS",
}

# Demo staff: username, role, department kind (for specialists and heads), akimat KATO,
# first and last name (INVENTED people).
DEMO_STAFF = [
    ("demo.operator", "operator", None, AKZHAR, "Айгерім", "Оператор"),
    ("demo.specialist", "specialist", "construction", AKZHAR, "Ерлан", "Маман"),
    ("demo.head", "head", "construction", AKZHAR, "Гүлнар", "Басшы"),
    ("demo.akim", "akim", None, AKZHAR, "Асқар", "Әкім"),
    ("demo.finance", "finance", None, AKZHAR, "Дина", "Қаржы"),
    ("demo.observer", "observer", None, AKZHAR, "Нұрлан", "Бақылаушы"),
    ("demo.moderator", "moderator", None, AKZHAR, "Сәуле", "Модератор"),
    ("demo.secretariat", "secretariat", None, AKZHAR, "Жанар", "Хатшы"),
    ("demo.admin", "admin", None, AKZHAR, "Бауыржан", "Әкімші"),
    ("demo.aiyrtau.head", "head", "construction", "593200000", "Марат", "Айыртау"),
    ("demo.region.observer", "observer", None, REGION["kato"], "Әсел", "Облыс"),
]

DEMO_PASSWORD = "demo-akimat-2026"  # printed by `make run`; load_demo refuses to run in production


def district_outline(kato: str) -> dict | None:
    """The district's boundary geometry from the demo's boundary file (None when it has none)."""
    import json

    for feature in json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]:
        if feature["properties"].get("KATO") == kato:
            return feature["geometry"]
    return None


def inside(lat: float, lon: float, geometry: dict) -> bool:
    """Whether the point lies in the (Multi)Polygon: an even number of crossings of each ring, by
    a ray to the east."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    crossings = 0
    for polygon in polygons:
        for ring in polygon:
            for (x1, y1), (x2, y2) in pairwise(ring):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    crossings += 1
    return crossings % 2 == 1


def pulled_inside(lat: float, lon: float, centre: tuple[float, float], geometry: dict | None) -> tuple[float, float]:
    """The INVENTED position of an okrug or village, moved towards the district centre until it lies
    within the district's real boundary, so no demo place sits outside its district on the map."""
    if geometry is None:
        return lat, lon
    for step in range(20):
        share = step / 20
        candidate = (lat + (centre[0] - lat) * share, lon + (centre[1] - lon) * share)
        if inside(*candidate, geometry):
            return round(candidate[0], 5), round(candidate[1], 5)
    return centre

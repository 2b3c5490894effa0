"""Demonstration news of the Akzhar district akimat. EVERYTHING HERE IS INVENTED ("ДЕМО"/"Demo" in
every title, and each item is flagged `is_demo`, which its page states): a pinned announcement of
the akim's open reception in three languages, a news item about a road repair in Kazakh and Russian
only (so the English page shows the notice of a missing language) linked to a demo budget project
and to an instruction when there is one, and a draft that only staff see."""

from openakimat.budget.models import Project
from openakimat.common.actor import Actor
from openakimat.control.models import Instruction
from openakimat.news import services
from openakimat.news.models import Category, Item
from openakimat.territory.models import Akimat

CATEGORIES = [
    ("receptions", "Қабылдаулар", "Приёмы граждан", "Receptions of residents"),
    ("roads", "Жолдар", "Дороги", "Roads"),
    ("utilities", "Коммуналдық қызметтер", "Коммунальные услуги", "Utilities"),
]

RECEPTION = {
    "title_kk": "ДЕМО: Аудан әкімінің ашық қабылдауы",
    "lead_kk": "Аудан әкімі тұрғындарды «Қызылжар – адалдық алаңы» форматында қабылдайды.",
    "body_kk": "<p>Қабылдауға алдын ала сайт арқылы жазылуға болады.</p><ul><li>Талшық, Целинная к-сі, 15</li></ul>",
    "title_ru": "ДЕМО: Открытый приём акима района",
    "lead_ru": "Аким района примет жителей в формате «Қызылжар – адалдық алаңы».",
    "body_ru": "<p>Записаться на приём можно заранее на сайте.</p><ul><li>Талшик, ул. Целинная, 15</li></ul>",
    "title_en": "Demo: the district akim's open reception",
    "lead_en": "The district akim receives residents in the «Qyzylzhar – a square of honesty» format.",
    "body_en": "<p>Sign up in advance on this site.</p><ul><li>15 Tselinnaya street, Talshik</li></ul>",
}
ROAD = {
    "title_kk": "ДЕМО: Ауылдағы жолды жөндеу басталды",
    "lead_kk": "Мердігер жұмысты қазан айының соңына дейін аяқтауы тиіс.",
    "body_kk": "<p>Жөндеу кезінде көшеде қозғалыс шектеледі.</p>",
    "title_ru": "ДЕМО: Начался ремонт сельской дороги",
    "lead_ru": "Подрядчик должен завершить работы до конца октября.",
    "body_ru": "<p>На время ремонта движение по улице ограничено.</p>",
}
DRAFT = {
    "title_ru": "ДЕМО: Черновик — график отключения воды",
    "body_ru": "<p>Черновик: публикуется после согласования.</p>",
}


def load(actor: Actor, akimat: Akimat) -> int:
    """Write the demonstration news once; later runs change nothing. Returns how many were made."""
    categories = {}
    for slug, kk, ru, en in CATEGORIES:
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name_kk": kk, "name_ru": ru, "name_en": en}
        )
    if Item.objects.filter(akimat=akimat, is_demo=True).exists():
        return 0
    reception = services.item_create(
        actor=actor,
        akimat=akimat,
        draft=services.ItemDraft(kind="announcement", category=categories["receptions"], **RECEPTION),
    )
    services.item_publish(actor=actor, item=reception)
    services.item_pin(actor=actor, item=reception)
    road = services.item_create(
        actor=actor, akimat=akimat, draft=services.ItemDraft(kind="news", category=categories["roads"], **ROAD)
    )
    project = Project.objects.filter(territory__path__startswith=akimat.territory.path).order_by("slug").first()
    if project is not None:
        services.link_add(actor=actor, item=road, kind="budget.project", reference=project.slug)
    instruction = Instruction.objects.filter(akimat=akimat).order_by("number").first()
    if instruction is not None:
        services.link_add(actor=actor, item=road, kind="control.instruction", reference=instruction.number)
    services.item_publish(actor=actor, item=road)
    draft = services.item_create(
        actor=actor, akimat=akimat, draft=services.ItemDraft(category=categories["utilities"], **DRAFT)
    )
    Item.objects.filter(pk__in=[reception.pk, road.pk, draft.pk]).update(is_demo=True)
    return 3

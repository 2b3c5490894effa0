"""Demonstration receptions of the Akzhar district akim. EVERYTHING HERE IS INVENTED: the people
who receive ("Demo"/"ДЕМО" in their names), the observer, the residents who signed up ("Demo
resident N", phones in the +7 700 000 01 NN demo block) and the problems raised. Dates are relative
to the day the demo is loaded: three receptions ahead (an open «Қызылжар – адалдық алаңы» reception,
an online one, a field reception in a village) and one held two weeks ago with its problems and
their instructions, one of them done."""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from openakimat.common.actor import Actor
from openakimat.control.models import Instruction
from openakimat.control.services import instruction_complete
from openakimat.receptions import services
from openakimat.receptions.models import RaisedProblem, Reception, SignUp, SignUpStatus
from openakimat.receptions.services._common import new_token, phone_hash, token_hash
from openakimat.territory.models import Akimat, Department, Territory

AKIM = {
    "host_name_kk": "Асқар Әкімов (ДЕМО)",
    "host_name_ru": "Аскар Акимов (ДЕМО)",
    "host_name_en": "Askar Akimov (Demo)",
    "host_position_kk": "Ақжар ауданының әкімі",
    "host_position_ru": "аким Акжарского района",
    "host_position_en": "akim of Akzhar district",
}
DEPUTY = {
    "host_name_kk": "Динара Орынбасарова (ДЕМО)",
    "host_name_ru": "Динара Орынбасарова (ДЕМО)",
    "host_name_en": "Dinara Orynbassarova (Demo)",
    "host_position_kk": "аудан әкімінің орынбасары",
    "host_position_ru": "заместитель акима района",
    "host_position_en": "deputy akim of the district",
}
HEAD = {
    "host_name_kk": "Гүлнар Басшы (ДЕМО)",
    "host_name_ru": "Гульнар Басшы (ДЕМО)",
    "host_name_en": "Gulnar Basshy (Demo)",
    "host_position_kk": "құрылыс бөлімінің басшысы",
    "host_position_ru": "руководитель отдела строительства",
    "host_position_en": "head of the construction department",
}
HALL = {
    "place_kk": "Талшық, Целинная к-сі, 15, аудан әкімдігінің мәжіліс залы",
    "place_ru": "Талшик, ул. Целинная, 15, актовый зал акимата района",
    "place_en": "15 Tselinnaya street, Talshik, the district akimat's assembly hall",
}
OBSERVER = "Нұрлан Бақылаушы (ДЕМО), антикоррупциялық қызмет"
# (text for the public, topic, department kind, village index, done?)
PROBLEMS = [
    ("DEMO: no street lighting on the road to the school", "improvement", "housing", 0, True),
    ("DEMO: the bus to the district centre runs twice a week only", "transport", "construction", 1, False),
    ("DEMO: the village club's roof leaks", "improvement", "construction", 1, False),
    ("DEMO: water supply interruptions in summer", "utilities", "housing", 2, False),
]


def _at(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def _signup(reception: Reception, n: int, village: Territory, status: str, slot: datetime | None) -> SignUp:
    token, phone = new_token(), f"+7700000{100 + n:04d}"
    return SignUp.objects.create(
        reception=reception,
        slot_at=slot,
        name=f"Demo resident {n} / ДЕМО тұрғын {n}",
        phone=phone,
        phone_hash=phone_hash(phone),
        village=village,
        problem="DEMO: an invented problem in the resident's own words.",
        status=status,
        token=token,
        token_hash=token_hash(token),
        confirmed_at=timezone.now(),
    )


def load(actor: Actor, akimat: Akimat) -> int:
    """Write the demonstration receptions once; later runs change nothing. Returns how many were made."""
    if Reception.objects.filter(akimat=akimat).exists():
        return 0
    villages = list(Territory.objects.filter(path__startswith=akimat.territory.path, level="village").order_by("kato"))
    departments = {d.kind: d for d in Department.objects.filter(akimat=akimat)}

    def plan(host: dict, kind: str, starts_at: datetime, **extra) -> Reception:
        fields = {**host, **HALL, "kind": kind, "starts_at": starts_at, "capacity": 8, **extra}
        return services.reception_plan(actor=actor, akimat=akimat, plan=services.ReceptionPlan(**fields))

    upcoming = plan(AKIM, "open_public", _at(3, 10), topics=["roads", "utilities", "social"], observer=OBSERVER)
    for n, slot in enumerate(upcoming.slot_times()[:3], start=1):
        _signup(upcoming, n, villages[n % len(villages)], SignUpStatus.CONFIRMED, slot)
    online = {"place_kk": "", "place_ru": "", "place_en": "", "online_url": "https://meet.example.kz/akzhar-demo"}
    plan(DEPUTY, "online", _at(6, 15), capacity=6, slot_minutes=10, topics=["education", "health"], **online)
    plan(HEAD, "field", _at(10, 11), territory=villages[1], topics=["roads", "housing"], capacity=5, slot_minutes=20)

    held = plan(AKIM, "open_public", _at(1, 10), topics=["roads", "utilities"], observer=OBSERVER)
    seated = [
        _signup(held, 10 + n, villages[n % len(villages)], SignUpStatus.CONFIRMED, s)
        for n, s in enumerate(held.slot_times()[:5])
    ]
    for signup in seated[:4]:
        services.signup_mark(actor=actor, signup=signup, move="attend")
    services.signup_mark(actor=actor, signup=seated[4], move="no_show")
    kind = ContentType.objects.get_for_model(RaisedProblem)
    for i, (text, topic, department, village, done) in enumerate(PROBLEMS):
        problem = services.problem_record(
            actor=actor,
            reception=held,
            signup=seated[i],
            text=text,
            topic=topic,
            department=departments.get(department) or next(iter(departments.values())),
            village=villages[village % len(villages)],
            deadline=timezone.localdate() + timedelta(days=30 + 10 * i),
        )
        if done:
            instruction = Instruction.objects.get(source_type=kind, source_id=problem.pk)
            instruction_complete(actor=actor, instruction=instruction, result="DEMO: eight lamps installed.")
    services.reception_close(actor=actor, reception=held)
    # The held reception took place two weeks ago: moved back after planning (a plan must be ahead).
    back = held.starts_at - _at(-14, 10)
    Reception.objects.filter(pk=held.pk).update(starts_at=F("starts_at") - back)
    SignUp.objects.filter(reception=held, slot_at__isnull=False).update(slot_at=F("slot_at") - back)
    return 4

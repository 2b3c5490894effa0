"""Demonstration written appeals to the akim of Akzhar district, so that the staff inbox, the
tracking page and the public list of answers show something. EVERYTHING HERE IS INVENTED: the
authors are "Demo resident N" (ДЕМО), their phones are in the +7 700 000 00 NN demo block, the
texts describe no real event. Dates are relative to the day the demo is loaded, so that some
appeals are overdue and one answer came after its term."""

from datetime import timedelta

from django.utils import timezone

from openakimat.appeals import services
from openakimat.appeals.models import Appeal
from openakimat.common.actor import Actor
from openakimat.territory.models import Akimat, Department

# (days ago, topic, department kind or None, what happens, language, consent to publish, text)
APPEALS = [
    (
        26,
        "order",
        "housing",
        "route",
        "kk",
        False,
        "ДЕМО: Ауыл ортасындағы саябақтан қоқыс шығарылмайды. / DEMO: rubbish is not collected in the park.",
    ),
    (
        1,
        "roads",
        None,
        "",
        "kk",
        True,
        "ДЕМО: Талшық ауылында Абай көшесіндегі шамдар жанбайды. / DEMO: street lights are out.",
    ),
    (
        3,
        "housing",
        "housing",
        "route",
        "ru",
        False,
        "ДЕМО: В доме по улице Целинной нет горячей воды две недели. / DEMO: no hot water.",
    ),
    (
        8,
        "education",
        "education",
        "extend",
        "ru",
        True,
        "ДЕМО: Просим открыть дополнительную группу в детском саду. / DEMO: a kindergarten group.",
    ),
    (
        30,
        "roads",
        "construction",
        "",
        "kk",
        False,
        "ДЕМО: Мектепке баратын жол бұзылған, жөндеуді сұраймыз. / DEMO: the road to school is broken.",
    ),
    (
        12,
        "roads",
        "construction",
        "publish",
        "ru",
        True,
        "ДЕМО: Когда отремонтируют остановку у больницы? / DEMO: when will the bus stop be repaired?",
    ),
    (
        20,
        "housing",
        "housing",
        "publish",
        "kk",
        True,
        "ДЕМО: Қыста жылу жеткіліксіз болды. / DEMO: the heating was insufficient in winter.",
    ),
    (
        35,
        "social",
        "employment",
        "publish",
        "en",
        True,
        "DEMO: how do I apply for help with the cost of firewood for a pensioner?",
    ),
]
PUBLISHED = {
    12: (
        "Когда отремонтируют автобусную остановку у районной больницы в Талшыке? (ДЕМО)",
        "Остановка включена в план текущего ремонта; работы завершатся до конца месяца. (ДЕМО)",
    ),
    20: (
        "Неліктен өткен қыста көпқабатты үйлерде жылу жеткіліксіз болды? (ДЕМО)",
        "Қазандықтың екі қазаны ауыстырылды; жылу беру маусымына дейін сыналады. (ДЕМО)",
    ),
    35: (
        "How can a pensioner get help with the cost of firewood? (DEMO)",
        "Apply to the employment department with your pension certificate; the help is paid within the month. (DEMO)",
    ),
}


def load(actor: Actor, akimat: Akimat) -> int:
    """Write the demonstration appeals once; later runs change nothing. Returns how many were made."""
    if Appeal.objects.filter(akimat=akimat).exists():
        return 0
    departments = {d.kind: d for d in Department.objects.filter(akimat=akimat, is_active=True)}
    now = timezone.now()
    made = 0
    for n, (days_ago, topic, kind, then, language, publish, text) in sorted(
        enumerate(APPEALS, start=1), key=lambda item: -item[1][0]
    ):
        appeal, _code = services.appeal_submit(
            akimat=akimat,
            topic=topic,
            text=text,
            author=services.Author(
                name=f"Demo resident {n} (ДЕМО)", phone=f"+7 700 000 00 {40 + n:02d}", language=language
            ),
            consent=True,
            consent_to_publish=publish,
            now=now - timedelta(days=days_ago, hours=3),
        )
        made += 1
        department = departments.get(kind or "")
        if department is not None:
            appeal = services.appeal_route(actor=actor, appeal=appeal, department=department)
        if then == "extend":
            appeal = services.appeal_extend(
                actor=actor, appeal=appeal, reason="ДЕМО: ждём ответа управления образования области. / DEMO."
            )
        elif then == "publish" or days_ago == 30:
            appeal = services.appeal_answer(
                actor=actor, appeal=appeal, text="ДЕМО: ответ заявителю. / DEMO: the answer to the author."
            )
        if then == "publish":
            question, answer = PUBLISHED[days_ago]
            appeal = services.appeal_prepare_publication(actor=actor, appeal=appeal, question=question, answer=answer)
            services.appeal_publish(actor=actor, appeal=appeal)
    return made

"""Demonstration meetings of the Akzhar district akimat. EVERYTHING HERE IS INVENTED: the titles
say "ДЕМО"/"DEMO", the officials are the demo's invented people, the residents' questions are
made up and their authors are "Demo resident N". Dates are relative to the day the demo is loaded:

- an akimat meeting in three days, in the hall and broadcast online, with its agenda and a draft
  decision (a demo PDF);
- one held two weeks ago, with its minutes, attendance, a summary in Russian only (so the page says
  there is no Kazakh version), and two decisions made into instructions, one of them done;
- a public hearing on the district's draft budget in ten days, taking questions until the day
  before, with one question published and answered, and one waiting for moderation.
"""

import io
from datetime import datetime, time, timedelta

from django.db.models import F
from django.utils import timezone

from openakimat.common import samples
from openakimat.common.actor import Actor
from openakimat.control.models import Instruction
from openakimat.control.services import instruction_complete, instruction_start
from openakimat.meetings import services
from openakimat.meetings.models import Meeting
from openakimat.territory.models import Akimat, Department

HALL = {
    "place_kk": "Талшық, Целинная к-сі, 15, аудан әкімдігінің мәжіліс залы",
    "place_ru": "Талшик, ул. Целинная, 15, актовый зал акимата района",
    "place_en": "15 Tselinnaya street, Talshik, the district akimat's assembly hall",
}
STREAM = "https://www.youtube.com/watch?v=DEMOakzhar1"
DEMO_PDF = samples.make_pdf("DEMONSTRATION DOCUMENT - invented draft decision")


def _at(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


# Positions in the three languages (an official's position is public, and is shown in the reader's).
POSITIONS = {
    "руководитель отдела строительства": ("аудандық құрылыс бөлімінің басшысы", "head of the construction department"),
    "заместитель акима района": ("аудан әкімінің орынбасары", "deputy akim of the district"),
}


def _item(kk: str, ru: str, en: str, presenter: str, position_ru: str, minutes: int) -> services.AgendaItemData:
    position_kk, position_en = POSITIONS[position_ru]
    return services.AgendaItemData(
        title_kk=kk,
        title_ru=ru,
        title_en=en,
        presenter_name=presenter,
        presenter_position_kk=position_kk,
        presenter_position_ru=position_ru,
        presenter_position_en=position_en,
        duration_minutes=minutes,
    )


AGENDA = [
    _item(
        "ДЕМО: Ауылдардағы көше жарығы туралы",
        "ДЕМО: Об уличном освещении в сёлах",
        "DEMO: Street lighting in the villages",
        "Гүлнар Басшы (ДЕМО)",
        "руководитель отдела строительства",
        20,
    ),
    _item(
        "ДЕМО: Жылу беру маусымына дайындық",
        "ДЕМО: О подготовке к отопительному сезону",
        "DEMO: Getting ready for the heating season",
        "Динара Орынбасарова (ДЕМО)",
        "заместитель акима района",
        15,
    ),
]


def load(actor: Actor, akimat: Akimat) -> int:
    """Write the demonstration meetings once; later runs change nothing. Returns how many were made."""
    if Meeting.objects.filter(akimat=akimat).exists():
        return 0
    departments = list(Department.objects.filter(akimat=akimat, is_active=True).order_by("pk"))

    def schedule(days: int, hour: int, **fields) -> Meeting:
        starts = _at(days, hour)
        data = services.MeetingData(
            **{"kind": "akimat", "format": "hybrid", "starts_at": starts, "ends_at": starts + timedelta(hours=2)}
            | HALL
            | fields
        )
        return services.meeting_schedule(actor=actor, akimat=akimat, data=data, publish=True)

    upcoming = schedule(
        3,
        10,
        title_kk="ДЕМО: Аудан әкімдігінің отырысы",
        title_ru="ДЕМО: Заседание акимата района",
        title_en="DEMO: Meeting of the district akimat",
        stream_url=STREAM,
    )
    for item in AGENDA:
        services.agenda_item_add(actor=actor, meeting=upcoming, item=item)
    services.document_add(
        actor=actor,
        meeting=upcoming,
        file=io.BytesIO(DEMO_PDF),
        name="demo-draft-decision.pdf",
        kind="draft_decision",
        language="ru",
        title_kk="ДЕМО: Шешім жобасы",
        title_ru="ДЕМО: Проект решения",
        title_en="DEMO: Draft decision",
    )

    held = schedule(
        1,
        15,
        title_kk="ДЕМО: Әкімдік отырысы: жолдар",
        title_ru="ДЕМО: Заседание акимата: дороги",
        title_en="DEMO: Akimat meeting on roads",
        recording_url=STREAM,
    )
    services.agenda_item_add(actor=actor, meeting=held, item=AGENDA[0])
    services.minutes_save(
        actor=actor,
        meeting=held,
        body_kk="ДЕМО хаттама.\n\nТыңдалды: ауылдардағы жолдардың жай-күйі туралы.\n\nҚаулы етілді: екі тапсырма беру.",
        body_ru="ДЕМО протокол.\n\nСлушали: о состоянии дорог в сёлах.\n\nПостановили: дать два поручения.",
        body_en="DEMO minutes.\n\nHeard: the state of the roads in the villages.\n\nResolved: two instructions.",
    )
    services.minutes_publish(actor=actor, meeting=held)
    services.attendance_record(
        actor=actor,
        meeting=held,
        attendees=[
            services.AttendeeData("Асқар Әкімов (ДЕМО)", "аким района"),
            services.AttendeeData("Динара Орынбасарова (ДЕМО)", "заместитель акима района"),
            services.AttendeeData("Гүлнар Басшы (ДЕМО)", "руководитель отдела строительства", present=False),
        ],
        residents_in_person=23,
        residents_online=148,
    )
    services.transcript_set(
        actor=actor,
        meeting=held,
        kind="summary",
        language="ru",
        text="ДЕМО: кратко — обсудили ремонт дорог к школам и освещение; даны два поручения.",
    )
    made = []
    for n, (ru, kk) in enumerate(
        [
            ("ДЕМО: Отремонтировать дорогу к школе в Талшике", "ДЕМО: Талшықтағы мектепке баратын жолды жөндеу"),
            ("ДЕМО: Установить освещение на остановках", "ДЕМО: Аялдамаларға жарық орнату"),
        ]
    ):
        department = departments[n % len(departments)] if departments else None
        specs = (
            [services.InstructionData(department=department, deadline=timezone.localdate() + timedelta(days=30))]
            if department
            else []
        )
        made.append(services.decision_add(actor=actor, meeting=held, text_ru=ru, text_kk=kk, instructions=specs))
    first = Instruction.objects.filter(source_kind="meetings.decision", source_id=made[0].pk).first()
    if first is not None:
        instruction_start(actor=actor, instruction=first)
        instruction_complete(actor=actor, instruction=first, result="DEMO: the road is patched.")
    # Held two weeks ago: moved back after scheduling.
    back = held.starts_at - _at(-14, 15)
    Meeting.objects.filter(pk=held.pk).update(starts_at=F("starts_at") - back, ends_at=F("ends_at") - back)

    hearing = schedule(
        10,
        11,
        kind="hearing",
        title_kk="ДЕМО: Аудан бюджетінің жобасы бойынша қоғамдық тыңдау",
        title_ru="ДЕМО: Общественные слушания по проекту бюджета района",
        title_en="DEMO: Public hearing on the district's draft budget",
        stream_url=STREAM,
        questions_open_until=_at(9, 18),
    )
    asked = services.question_submit(
        meeting=hearing,
        text="ДЕМО: Будут ли в бюджете деньги на ремонт клуба в Талшике?",
        author_name="Demo resident 1 / ДЕМО тұрғын 1",
        author_contact="+77000000201",
        language="ru",
    )
    services.question_moderate(actor=actor, question=asked, publish=True)
    services.question_answer(
        actor=actor, question=asked, answer_ru="ДЕМО: Да, ремонт клуба заложен в проект бюджета на следующий год."
    )
    services.question_submit(
        meeting=hearing,
        text="ДЕМО: Ауылға жаңа автобус қашан келеді?",
        author_name="Demo resident 2 / ДЕМО тұрғын 2",
        author_contact="+77000000202",
        language="kk",
    )
    return 3

"""The public pages' cast (imported by the test modules of the public side, kept apart from the
staff side's conftest): Akzhar's akimat holds a hybrid meeting tomorrow with a broadcast on an
allowed host, a public hearing taking questions, a meeting held last week with its minutes,
attendance and decisions made into instructions, and a draft nobody may see; and a clock."""

import contextlib
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from openakimat.common.actor import SystemActor
from openakimat.meetings import services
from openakimat.meetings.models import Format, Kind, Meeting
from openakimat.meetings.services import AgendaItemData, InstructionData, MeetingData

SYSTEM = SystemActor("test")
AUTHOR = "Айгерім Сәтбаева"
CONTACT = "+7 701 123 4567"
EMAIL = "aigerim.satbaeva@example.kz"


@contextlib.contextmanager
def at(moment: datetime):
    """Make `moment` the time for Django (timezone.now) and for the caches (time.time)."""
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        mock.patch("time.time", return_value=moment.timestamp()),
    ):
        yield


def schedule(akimat, *, publish=True, agenda=None, **extra) -> Meeting:
    fields = {
        "kind": Kind.AKIMAT,
        "format": Format.HYBRID,
        "starts_at": timezone.now() + timedelta(days=1),
        "ends_at": None,
        "title_kk": "Әкімдік отырысы: жылу маусымына дайындық",
        "title_ru": "Заседание акимата: подготовка к отопительному сезону",
        "title_en": "Akimat meeting: getting ready for the heating season",
        "place_kk": "Талшық, әкімдік ғимараты, мәжіліс залы",
        "place_ru": "Талшик, здание акимата, зал заседаний",
        "place_en": "Talshik, the akimat's building, the assembly hall",
        "stream_url": "https://www.youtube.com/watch?v=abcDEF12345",
    }
    fields.update(extra)
    if fields["ends_at"] is None:
        fields["ends_at"] = fields["starts_at"] + timedelta(hours=2)
    return services.meeting_schedule(
        actor=SYSTEM, akimat=akimat, data=MeetingData(**fields), agenda=agenda, publish=publish
    )


AGENDA = [
    AgendaItemData(
        title_kk="Жылу маусымына дайындық туралы",
        title_ru="О подготовке к отопительному сезону",
        title_en="On getting ready for the heating season",
        presenter_name="Серік Жұмабаев",
        presenter_position_kk="ТКШ бөлімінің басшысы",
        presenter_position_ru="руководитель отдела ЖКХ",
        presenter_position_en="head of the housing and utilities department",
        duration_minutes=15,
    )
]


@pytest.fixture
def meeting(akzhar_akimat) -> Meeting:
    return schedule(akzhar_akimat, agenda=AGENDA)


@pytest.fixture
def draft(akzhar_akimat) -> Meeting:
    return schedule(akzhar_akimat, publish=False, title_en="A draft nobody may see")


@pytest.fixture
def hearing(akzhar_akimat) -> Meeting:
    starts = timezone.now() + timedelta(days=3)
    return schedule(
        akzhar_akimat,
        kind=Kind.HEARING,
        starts_at=starts,
        questions_open_until=starts - timedelta(days=1),
        title_kk="Қоғамдық тыңдау: Талшықтағы саябақ",
        title_ru="Публичные слушания: парк в Талшике",
        title_en="Public hearing: the park in Talshik",
    )


@pytest.fixture
def held(akzhar_akimat, akzhar_construction) -> Meeting:
    """Last week's meeting: minutes in Russian and English only, attendance, two decisions (one
    done, one in progress) and a summary in Russian."""
    starts = timezone.now() - timedelta(days=7)
    meeting = schedule(
        akzhar_akimat,
        starts_at=starts,
        title_kk="",
        title_ru="Заседание акимата о дорогах",
        title_en="Akimat meeting on the roads",
        recording_url="https://vimeo.com/123456",
    )
    services.minutes_save(
        actor=SYSTEM,
        meeting=meeting,
        body_ru="<p>Заслушали отчёт о <strong>ремонте дорог</strong>.</p>",
        body_en="<p>Heard the report on <strong>road repairs</strong>.</p>",
    )
    services.minutes_publish(actor=SYSTEM, meeting=meeting)
    services.attendance_record(
        actor=SYSTEM,
        meeting=meeting,
        residents_in_person=40,
        residents_online=120,
        attendees=[services.AttendeeData(name="Асқар Әкімов", position="аудан әкімі", present=True)],
    )
    deadline = timezone.localdate() + timedelta(days=30)
    for text in ("Отремонтировать дорогу на Целинной.", "Поставить фонари у школы."):
        services.decision_add(
            actor=SYSTEM,
            meeting=meeting,
            text_ru=text,
            text_en=text,
            instructions=[InstructionData(department=akzhar_construction, deadline=deadline)],
        )
    services.transcript_set(actor=SYSTEM, meeting=meeting, kind="summary", language="ru", text="Кратко: дороги.")
    return meeting

"""The meetings' cast: the secretariat of the Akzhar district akimat schedules a hybrid meeting
tomorrow with two agenda items."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_staff
from openakimat.common.roles import Role
from openakimat.meetings import services
from openakimat.meetings.models import Format, Kind, Meeting


@pytest.fixture
def secretary(akzhar_akimat):
    return make_staff("saule.secretary", Role.SECRETARIAT, akzhar_akimat)


@pytest.fixture
def aiyrtau_secretary(aiyrtau_akimat):
    return make_staff("erlan.secretary", Role.SECRETARIAT, aiyrtau_akimat)


def data(**extra) -> services.MeetingData:
    starts = timezone.now() + timedelta(days=1)
    fields = {
        "kind": Kind.AKIMAT,
        "format": Format.HYBRID,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "title_kk": "Әкімдік мәжілісі",
        "title_ru": "Заседание акимата",
        "title_en": "",
        "place_kk": "Талшық, Целинная к-сі, 15",
        "place_ru": "Талшик, ул. Целинная, 15",
        "stream_url": "https://www.youtube.com/watch?v=abcDEF12345",
    }
    fields.update(extra)
    return services.MeetingData(**fields)


AGENDA = [
    services.AgendaItemData(title_kk="Жолдар туралы", title_ru="О дорогах", presenter_name="Гүлнар Басшы"),
    services.AgendaItemData(title_ru="О бюджете", duration_minutes=20),
]


@pytest.fixture
def meeting(secretary, akzhar_akimat) -> Meeting:
    return services.meeting_schedule(actor=secretary, akimat=akzhar_akimat, data=data(), agenda=AGENDA, publish=True)


@pytest.fixture
def hearing(secretary, akzhar_akimat) -> Meeting:
    starts = timezone.now() + timedelta(days=10)
    return services.meeting_schedule(
        actor=secretary,
        akimat=akzhar_akimat,
        data=data(
            kind=Kind.HEARING,
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            questions_open_until=starts - timedelta(days=1),
        ),
        publish=True,
    )

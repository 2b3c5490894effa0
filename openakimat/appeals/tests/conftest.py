"""The appeals' cast: a resident writing to the akim of Akzhar, the operator who routes it, the
construction department that drafts the answer, the akim who answers and publishes."""

import io
from datetime import datetime

import pytest

from openakimat.appeals.models import Appeal
from openakimat.appeals.services import Author, Upload, appeal_submit
from openakimat.common import samples
from openakimat.common.calendar import ALMATY

PDF = samples.PDF
TEXT = "The street lights on Abai street in Talshik have not worked since October; please repair them."
# A Friday before the March holidays of 2026 (8 March observed on Monday 9, Nauryz 21–25 March).
FRIDAY = datetime(2026, 3, 6, 10, 0, tzinfo=ALMATY)


def submit(akimat, *, publish=False, now=None, files=(), **extra) -> tuple[Appeal, str]:
    fields = {
        "akimat": akimat,
        "topic": "roads",
        "text": TEXT,
        "author": Author(name="Айгерім Сәтбаева", phone="+7 701 123 4567", email="aigerim@example.kz", language="kk"),
        "consent": True,
        "consent_to_publish": publish,
        "attachments": [Upload(file=io.BytesIO(data), name=name) for name, data in files],
        "now": now,
    }
    fields.update(extra)
    return appeal_submit(**fields)


@pytest.fixture
def appeal(akzhar_akimat):
    found, _code = submit(akzhar_akimat, publish=True)
    return found


@pytest.fixture
def appeal_and_code(akzhar_akimat):
    return submit(akzhar_akimat, publish=True)


@pytest.fixture
def specialist(akzhar_construction):
    from conftest import make_staff

    return make_staff("construction.specialist", "specialist", akzhar_construction.akimat, akzhar_construction)

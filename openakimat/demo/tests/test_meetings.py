"""The demonstration meetings: one ahead with its agenda, one held with minutes and decisions made
into instructions, a hearing with questions; everything marked DEMO; loading again adds none."""

import pytest

from openakimat.control.models import Instruction
from openakimat.demo.tests import load_demo
from openakimat.meetings.models import Decision, Meeting, Question
from openakimat.meetings.selectors import decision_statuses, missing_languages

pytestmark = pytest.mark.django_db


def test_the_demo_has_meetings_marked_as_demonstration(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    load_demo()
    assert Meeting.objects.count() == 3 and all("DEMO" in m.title_en for m in Meeting.objects.all())
    held = Meeting.objects.filter(decisions__isnull=False).distinct().get()
    assert held.minutes.is_published and held.attendees.count() == 3
    assert missing_languages(held)["summary"] == ["kk", "en"]
    statuses = {s.status for s in decision_statuses(held).values()}
    assert statuses == {"done", "in_progress"}
    assert Instruction.objects.filter(source_kind="meetings.decision").count() == 2
    assert Question.objects.filter(status="published").count() == 1 and Question.objects.count() == 2
    counts = (Meeting.objects.count(), Decision.objects.count(), Question.objects.count())
    load_demo()
    assert (Meeting.objects.count(), Decision.objects.count(), Question.objects.count()) == counts

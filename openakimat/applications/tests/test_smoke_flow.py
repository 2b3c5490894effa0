from datetime import datetime

from openakimat.applications.models import Status
from openakimat.applications.services import application_move
from openakimat.common.calendar import ALMATY


def test_a_case_goes_from_the_desk_to_the_result(case, specialist, operator):
    assert case.number == "AKZ-2026-000001" or case.number.endswith("-2026-000001")
    assert case.due_at == datetime(2026, 12, 9, 18, 0, tzinfo=ALMATY)
    case = application_move(
        actor=specialist, application=case, move="accept", now=datetime(2026, 12, 1, 11, 0, tzinfo=ALMATY)
    )
    case = application_move(actor=specialist, application=case, move="complete")
    case = application_move(actor=operator, application=case, move="issue")
    assert case.status == Status.ISSUED
    assert case.events.count() == 4

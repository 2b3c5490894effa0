"""The operator's desk screen and the one flow "Finish and register an application": the ticket
called, recalled, served, finished, the front office's intake opened with the ticket's service
chosen and the ticket carried along, the application registered and linked both ways — and the
refusals: a forged or foreign origin registers nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from conftest import make_staff
from openakimat.applications.models import Application, ApplicationEvent, EventKind
from openakimat.applications.tests.conftest import IIN, PDF
from openakimat.common.roles import Role
from openakimat.integrity.models import AuditEntry
from openakimat.queueing import services
from openakimat.queueing.models import Ticket, TicketEvent, TicketEventKind, TicketStatus

PHONE = "+77011234567"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def desk_url(hall, number=1, action=""):
    base = f"/en/staff/queue/{hall.pk}/desks/{number}/"
    return f"{base}{action}/" if action else base


def intake_data(offering, **extra):
    first = offering.service.documents.order_by("order").first()
    data = {
        "idempotency_key": "5f0c5a7e-5b1f-4d7a-9c55-2f2b8e0c7d11",
        "applicant_iin": IIN,
        "applicant_name": "Айгерім Сәтбаева",
        "applicant_phone": "+7 701 123 4567",
        "applicant_email": "",
        "language": "ru",
        "consent": "on",
        f"doc_{first.pk}": SimpleUploadedFile("zayavlenie.pdf", PDF, "application/pdf"),
    }
    return data | extra


def served(dana, desk1, cat_a):
    """A ticket of category A called to desk 1, served and finished by Dana."""
    ticket = services.ticket_issue(category=cat_a).ticket
    services.ticket_call_next(actor=dana, desk=desk1)
    services.ticket_start(actor=dana, ticket=ticket)
    return services.ticket_finish(actor=dana, ticket=ticket)


def test_the_operator_calls_recalls_serves_and_registers_an_application_in_one_flow(
    staff_client, hall, dana, desk1, cat_a
):
    client = staff_client(dana)
    issued = services.ticket_issue(category=cat_a, phone=PHONE).ticket
    html = client.get(desk_url(hall)).content.decode()
    assert "You are signed in at this desk." in html and "Call next" in html
    assert client.post(desk_url(hall, action="call")).status_code == 302
    html = client.get(desk_url(hall)).content.decode()
    assert "A001" in html and "Called" in html and "0 of 2 before it may be marked as not come" in html
    assert PHONE not in html and "701" not in html
    # Too early for a no-show: the button is disabled, and the service refuses a forced post.
    response = client.post(desk_url(hall, action="no-show"), {"ticket": issued.pk})
    assert response.status_code == 409 and "2 more time(s)" in response.content.decode()
    assert client.post(desk_url(hall, action="recall"), {"ticket": issued.pk}).status_code == 302
    assert "1 of 2" in client.get(desk_url(hall)).content.decode()
    assert client.post(desk_url(hall, action="start"), {"ticket": issued.pk}).status_code == 302
    assert "Being served" in client.get(desk_url(hall)).content.decode()

    # Finish and register: category A has one service, so the intake opens on it with the ticket.
    response = client.post(desk_url(hall, action="finish-register"), {"ticket": issued.pk})
    offering = cat_a.offerings.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/cases/new/?offering={offering.pk}&origin=queue%3A{issued.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "Came with ticket A001 at desk 1" in html and f'value="queue:{issued.pk}"' in html
    response = client.post(
        f"/en/staff/cases/new/?offering={offering.pk}", intake_data(offering, origin=f"queue:{issued.pk}")
    )
    case = Application.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{case.number}/receipt/")

    issued.refresh_from_db()
    assert issued.status == TicketStatus.DONE and issued.application == case
    event = TicketEvent.objects.get(ticket=issued, kind=TicketEventKind.APPLICATION)
    assert event.data == {"application": case.number} and event.desk == desk1
    assert AuditEntry.objects.filter(action="queueing.ticket_application").count() == 1
    origin = ApplicationEvent.objects.get(application=case, kind=EventKind.ORIGIN)
    assert origin.note == "Came with ticket A001 at desk 1"
    html = client.get(f"/en/staff/cases/{case.number}/").content.decode()
    assert "Came with ticket A001 at desk 1" in html


def test_a_category_with_several_services_asks_which_one_first(staff_client, hall, dana, desk1, cat_a, offerings):
    cat_a.offerings.set(offerings)
    client = staff_client(dana)
    ticket = services.ticket_issue(category=cat_a).ticket
    services.ticket_call_next(actor=dana, desk=desk1)
    services.ticket_start(actor=dana, ticket=ticket)
    response = client.post(desk_url(hall, action="finish-register"), {"ticket": ticket.pk})
    assert response["Location"] == f"/en/staff/queue/{hall.pk}/desks/1/tickets/{ticket.pk}/register/"
    html = client.get(response["Location"]).content.decode()
    assert f'name="origin" value="queue:{ticket.pk}"' in html
    assert html.count('name="offering"') == 2


@pytest.mark.parametrize("case", ["forged", "waiting", "foreign", "linked", "unknown"])
def test_an_origin_the_operator_may_not_link_registers_nothing(
    staff_client, hall, dana, yerlan, desk1, desk2, cat_a, cat_b, case
):
    ticket = served(dana, desk1, cat_a)
    client = staff_client(dana)
    origin = f"queue:{ticket.pk}"
    if case == "forged":
        origin = "queue:999999"
    elif case == "waiting":
        origin = f"queue:{services.ticket_issue(category=cat_a).ticket.pk}"
    elif case == "foreign":  # served at Yerlan's desk
        other = services.ticket_issue(category=cat_b).ticket
        services.ticket_call_next(actor=yerlan, desk=desk2)
        services.ticket_start(actor=yerlan, ticket=other)
        services.ticket_finish(actor=yerlan, ticket=other)
        origin = f"queue:{other.pk}"
    elif case == "linked":
        Ticket.objects.filter(pk=ticket.pk).update(application=None)
        first = cat_a.offerings.get()
        data = intake_data(first, origin=origin, idempotency_key="6f0c5a7e-5b1f-4d7a-9c55-2f2b8e0c7d11")
        assert client.post(f"/en/staff/cases/new/?offering={first.pk}", data).status_code == 302
    elif case == "unknown":
        origin = "elsewhere:1"
    before = Application.objects.count()
    offering = cat_a.offerings.get()
    response = client.post(f"/en/staff/cases/new/?offering={offering.pk}", intake_data(offering, origin=origin))
    assert response.status_code == 400
    assert "cannot be linked" in response.content.decode()
    assert Application.objects.count() == before


def test_nobody_waiting_is_said_and_the_hall_page_shows_numbers_only(staff_client, hall, dana, cat_a):
    client = staff_client(dana)
    response = client.post(desk_url(hall, action="call"), follow=True)
    assert "Nobody is waiting for this desk." in response.content.decode()
    services.ticket_issue(category=cat_a, phone=PHONE)
    html = client.get(f"/en/staff/queue/{hall.pk}/").content.decode()
    assert "A001" in html and "Waiting" in html and "dana.operator" in html
    assert PHONE not in html and "701" not in html
    assert "Configure the hall" not in html


def test_redirect_and_cancel_at_the_desk(staff_client, hall, dana, desk1, desk2, cat_a, cat_b):
    client = staff_client(dana)
    first = services.ticket_issue(category=cat_a).ticket
    waiting = services.ticket_issue(category=cat_a).ticket
    services.ticket_call_next(actor=dana, desk=desk1)
    response = client.post(desk_url(hall, action="redirect"), {"ticket": first.pk, "category": cat_b.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == TicketStatus.WAITING and first.category == cat_b
    # A desk that does not serve the category: the service's message on the form, 400.
    services.ticket_call_next(actor=dana, desk=desk1)
    ticket = Ticket.objects.get(desk=desk1, status=TicketStatus.CALLED)
    response = client.post(
        desk_url(hall, action="redirect"), {"ticket": ticket.pk, "category": cat_a.pk, "desk": desk2.pk}
    )
    assert response.status_code == 400 and "does not serve this category" in response.content.decode()
    response = client.post(desk_url(hall, action="cancel"), {"code": "a002"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == TicketStatus.CANCELLED
    response = client.post(desk_url(hall, action="cancel"), {"code": "Z999"})
    assert response.status_code == 400 and "no such ticket" in response.content.decode()


def test_sign_in_and_out_and_who_may_open_the_desk(staff_client, hall, desk1, desk2, akzhar_akimat, aiyrtau_head):
    operator = make_staff("aliya.operator", Role.OPERATOR, akzhar_akimat)
    client = staff_client(operator)
    assert client.post(desk_url(hall, 1, "sign-in")).status_code == 302
    desk1.refresh_from_db()
    assert desk1.operator == operator
    assert client.post(desk_url(hall, 1, "sign-out")).status_code == 302
    finance = make_staff("dina.finance", Role.FINANCE, akzhar_akimat)
    assert staff_client(finance).get(desk_url(hall)).status_code == 403
    assert staff_client(finance).get(f"/en/staff/queue/{hall.pk}/").status_code == 200
    assert staff_client(aiyrtau_head).get(f"/en/staff/queue/{hall.pk}/").status_code == 404
    # Someone else's desk: signing in is refused with the message, 409.
    services.desk_sign_in(actor=operator, desk=desk2)
    other = make_staff("bolat.operator", Role.OPERATOR, akzhar_akimat)
    response = staff_client(other).post(desk_url(hall, 2, "sign-in"))
    assert response.status_code == 409 and "Another operator is signed in" in response.content.decode()
    # Acting on a ticket of a desk one is not signed in at: 403.
    ticket = services.ticket_issue(category=hall.categories.get(letter="B")).ticket
    services.ticket_call_next(actor=operator, desk=desk2)
    assert staff_client(other).post(desk_url(hall, 2, "start"), {"ticket": ticket.pk}).status_code == 403

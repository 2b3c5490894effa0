"""One served ticket, two registrations naming it at once (a double submission with two keys, two
tabs): the ticket's row is locked while it is linked, so exactly one application is registered
with it and the other is refused and rolled back, with nothing of it left. PostgreSQL only."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from openakimat.applications.models import Application
from openakimat.applications.services import application_register
from openakimat.applications.tests.conftest import applicant
from openakimat.common.tests.concurrency import run_together
from openakimat.queueing import services
from openakimat.queueing.models import Ticket, TicketEvent, TicketEventKind

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers by locking the whole file")


def test_two_registrations_with_one_ticket_link_it_once(hall, dana, desk1, cat_a):
    ticket = services.ticket_issue(category=cat_a).ticket
    services.ticket_call_next(actor=dana, desk=desk1)
    services.ticket_start(actor=dana, ticket=ticket)
    services.ticket_finish(actor=dana, ticket=ticket)
    offering = cat_a.offerings.get()
    # The application form without its files: no document is mandatory for this race.
    offering.service.documents.update(mandatory=False)

    def register(i):
        return application_register(
            actor=dana,
            offering=offering,
            applicant=applicant(),
            consent=True,
            idempotency_key=f"race-{i}",
            origin=f"queue:{ticket.pk}",
        )

    results = run_together(4, register)
    registered = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(registered) == 1 and len(refused) == 3, results
    assert Application.objects.count() == 1
    assert Ticket.objects.get(pk=ticket.pk).application == registered[0]
    assert TicketEvent.objects.filter(ticket=ticket, kind=TicketEventKind.APPLICATION).count() == 1

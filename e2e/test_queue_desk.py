"""The operator at desk 1 of the Akzhar hall: signs in at the desk, calls the next ticket, calls it
again, starts, then finishes and registers an application in one flow — the front office's intake
opens with the ticket's service and the ticket carried along — and the case's history says which
ticket the resident came with. At a desk's screen size; the desk screen passes axe-core."""

import re

from playwright.sync_api import expect

from openakimat.queueing import services
from openakimat.queueing.models import Desk, Ticket, TicketStatus

from .test_backoffice import AKZHAR, pdf, signed_in, valid_iin

DESK = {"width": 1280, "height": 900}


def test_the_operator_serves_a_ticket_and_registers_its_application(new_context, axe):
    desk1 = Desk.objects.select_related("hall").get(hall__akimat__territory__kato=AKZHAR, number=1)
    hall = desk1.hall
    category = desk1.categories.filter(is_active=True, offerings__isnull=False).order_by("order", "letter").first()
    ticket = services.ticket_issue(category=category).ticket
    services.ticket_issue(category=category)

    page = signed_in(new_context, "demo.operator", "en")
    page.set_viewport_size(DESK)
    page.goto("/en/staff/queue/")
    expect(page.locator('.staff-menu a[aria-current="page"]')).to_have_text("Queue")
    axe(page, "the queue's halls")
    page.locator(f'a[href="/en/staff/queue/{hall.pk}/"]').click()
    expect(page.locator("#tickets-heading")).to_be_visible()
    axe(page, "the hall's day")
    page.locator(f'a[href="/en/staff/queue/{hall.pk}/desks/1/"]').click()
    page.get_by_role("button", name="Sign in at this desk").click()
    expect(page.get_by_text("You are signed in at this desk.")).to_be_visible()
    axe(page, "the desk screen, nobody at it")

    page.get_by_role("button", name="Call next").click()
    expect(page.locator(".desk-ticket-code")).to_contain_text(ticket.code)
    expect(page.locator("#ticket-status")).to_have_text("Called")
    expect(page.get_by_role("button", name="Did not come")).to_be_disabled()
    axe(page, "the desk screen with a called ticket")
    page.get_by_role("button", name="Recall").click()
    expect(page.locator("#ticket-recalls")).to_contain_text("1 of 2")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#ticket-status")).to_have_text("Being served")
    axe(page, "the desk screen while serving")
    page.get_by_role("button", name="Finish and register an application").click()

    # Several services in the category: the operator picks one first.
    if "/register/" in page.url:
        axe(page, "choosing the service for the application")
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/en/staff/cases/new/\?.*origin=queue%3A\d+"))
    expect(page.locator(".intake-origin")).to_have_text(f"Came with ticket {ticket.code} at desk 1")
    axe(page, "the intake form with the ticket")
    offering = int(re.search(r"offering=(\d+)", page.url).group(1))
    from openakimat.catalogue.models import ServiceOffering

    documents = ServiceOffering.objects.get(pk=offering).service.documents.order_by("order", "pk")
    page.locator("#id_applicant_iin").fill(valid_iin())
    page.locator("#id_applicant_name").fill("Сәуле Жақсыбекова")
    page.locator("#id_applicant_phone").fill("+7 705 555 0101")
    for doc in documents:
        if doc.mandatory:
            page.locator(f"#id_doc_{doc.pk}").set_input_files(pdf(f"scan-{doc.pk}.pdf"))
    page.locator("#id_consent").check()
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/en/staff/cases/[A-Z0-9-]+/receipt/$"))
    number = page.locator(".desk-code").first.inner_text().strip()

    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE and ticket.application.number == number
    page.goto(f"/en/staff/cases/{number}/")
    expect(page.locator("#history-heading ~ div")).to_contain_text(f"Came with ticket {ticket.code} at desk 1")

    # Back at the desk: the next one waits.
    page.goto(f"/en/staff/queue/{hall.pk}/desks/1/")
    expect(page.locator("#desk-waiting")).to_contain_text("1")
    assert Ticket.objects.filter(hall=hall, status=TicketStatus.WAITING).count() == 1

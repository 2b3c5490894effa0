"""The staff pages: the inbox, an instruction's page with the moves the person may make, forms
that show the services' errors on their fields, and a 409 for a page that went stale."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from conftest import verified_client
from openakimat.common import samples
from openakimat.control.models import EventKind, Instruction, Status

from .conftest import SYSTEM, in_days, make_instruction, make_overdue


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def detail(instruction, language="en"):
    return url("control-staff:detail", language, instruction=instruction.number)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_inbox_and_page_in_each_language(language, instruction, akim):
    client = verified_client(akim)
    inbox = client.get(url("control-staff:inbox", language))
    assert inbox.status_code == 200 and instruction.number in inbox.content.decode()
    page = client.get(detail(instruction, language))
    assert page.status_code == 200
    assert f'lang="{language}"' in page.content.decode()


def test_the_inbox_puts_overdue_first_and_filters(akim, akzhar_akimat, akzhar_construction, django_assert_num_queries):
    for n in range(12):
        made = make_instruction(SYSTEM, akzhar_akimat, akzhar_construction, title=f"Work {n}", days=n + 1)
    late = make_overdue(made)
    client = verified_client(akim)
    client.get(url("control-staff:inbox"))  # the session and the roles, read once
    # session, user, second factor, roles, the departments of the filter, the page, the header's roles
    with django_assert_num_queries(7):
        page = client.get(url("control-staff:inbox")).content.decode()
    assert page.index(late.number) < page.index("Work 0")
    overdue_only = client.get(url("control-staff:inbox"), {"status": "overdue"}).content.decode()
    assert late.number in overdue_only and "Work 0" not in overdue_only


def test_anonymous_and_out_of_scope_are_refused(client, instruction, aiyrtau_head, resident):
    assert client.get(url("control-staff:inbox")).status_code == 302
    assert verified_client(aiyrtau_head).get(detail(instruction)).status_code == 404
    assert verified_client(resident).get(url("control-staff:inbox")).status_code == 403


def test_the_department_sees_its_moves_and_control_its_own(instruction, specialist, akim):
    department_page = verified_client(specialist).get(detail(instruction)).content.decode()
    assert "Take into work" in department_page and "Report progress" in department_page
    assert "Extend the deadline" not in department_page
    control_page = verified_client(akim).get(detail(instruction)).content.decode()
    assert "Extend the deadline" in control_page and "Take into work" not in control_page


def test_take_into_work_and_report_with_a_photo(instruction, specialist):
    client = verified_client(specialist)
    response = client.post(
        url("control-staff:move", instruction=instruction.number, move="start"), {"start-version": instruction.version}
    )
    assert response.status_code == 302
    fresh = Instruction.objects.get(pk=instruction.pk)
    assert fresh.status == Status.IN_PROGRESS
    photo = SimpleUploadedFile("poles.png", samples.PNG, content_type="image/png")
    response = client.post(
        url("control-staff:report", instruction=instruction.number),
        {"report-version": fresh.version, "report-text": "Poles set", "report-files": [photo]},
    )
    assert response.status_code == 302
    report = fresh.events.get(kind=EventKind.REPORT)
    assert report.attachments.count() == 1


def test_a_stale_page_gets_a_409(instruction, specialist, akim):
    version = instruction.version
    verified_client(specialist).post(
        url("control-staff:move", instruction=instruction.number, move="start"), {"start-version": version}
    )
    response = verified_client(akim).post(
        url("control-staff:move", instruction=instruction.number, move="cancel"),
        {"cancel-version": version, "cancel-text": "Duplicate"},
    )
    assert response.status_code == 409
    assert "The instruction has changed" in response.content.decode()
    assert Instruction.objects.get(pk=instruction.pk).status == Status.IN_PROGRESS


def test_the_services_errors_show_on_their_fields(instruction, akim):
    client = verified_client(akim)
    response = client.post(
        url("control-staff:extend", instruction=instruction.number),
        {
            "extend-version": instruction.version,
            "extend-deadline": instruction.deadline.isoformat(),
            "extend-reason": "Frost",
        },
    )
    assert response.status_code == 400
    form = response.context["extend_form"]
    assert form.errors["deadline"] == ["The new deadline must be later than the current one."]
    assert Instruction.objects.get(pk=instruction.pk).extension_count == 0
    response = client.post(
        url("control-staff:extend", instruction=instruction.number),
        {"extend-version": instruction.version, "extend-deadline": in_days(30).isoformat(), "extend-reason": "Frost"},
    )
    assert response.status_code == 302
    assert Instruction.objects.get(pk=instruction.pk).extension_count == 1


def test_moves_the_person_may_not_make_are_403(instruction, specialist, akim):
    response = verified_client(specialist).post(
        url("control-staff:extend", instruction=instruction.number),
        {"extend-version": instruction.version, "extend-deadline": in_days(30).isoformat(), "extend-reason": "Frost"},
    )
    assert response.status_code == 403
    response = verified_client(akim).post(
        url("control-staff:move", instruction=instruction.number, move="start"), {"start-version": instruction.version}
    )
    assert response.status_code == 403
    assert (
        verified_client(akim).post(url("control-staff:move", instruction=instruction.number, move="fly")).status_code
        == 404
    )
    assert Instruction.objects.get(pk=instruction.pk).version == instruction.version


def test_reassign_and_cancel(instruction, akim, akzhar_education):
    client = verified_client(akim)
    response = client.post(
        url("control-staff:reassign", instruction=instruction.number),
        {
            "reassign-version": instruction.version,
            "reassign-department": akzhar_education.pk,
            "reassign-reason": "Schools",
        },
    )
    assert response.status_code == 302
    fresh = Instruction.objects.get(pk=instruction.pk)
    assert fresh.department == akzhar_education
    response = client.post(
        url("control-staff:move", instruction=instruction.number, move="cancel"),
        {"cancel-version": fresh.version, "cancel-text": ""},
    )
    assert response.status_code == 400
    response = client.post(
        url("control-staff:move", instruction=instruction.number, move="cancel"),
        {"cancel-version": fresh.version, "cancel-text": "Duplicate"},
    )
    assert response.status_code == 302
    assert Instruction.objects.get(pk=instruction.pk).status == Status.CANCELLED


def test_the_staff_menu_shows_instructions_to_those_who_may_open_them(akim, resident):
    from openakimat.accounts.staffnav import links_for

    assert "control.inbox" in {link.key for link in links_for(akim)}
    assert "control.inbox" not in {link.key for link in links_for(resident)}


def test_a_file_of_another_type_is_refused_on_the_files_field(instruction, specialist):
    page = SimpleUploadedFile("page.html", b"<html><script>alert(1)</script>", content_type="text/html")
    response = verified_client(specialist).post(
        url("control-staff:report", instruction=instruction.number),
        {"report-version": instruction.version, "report-text": "Poles set", "report-files": [page]},
    )
    assert response.status_code == 400
    assert response.context["report_form"].errors["files"]
    assert not Instruction.objects.get(pk=instruction.pk).events.filter(kind=EventKind.REPORT).exists()

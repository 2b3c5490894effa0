"""The public register and an instruction's page, in kk, ru and en: filters without script,
overdue shown in words, the timeline, files of reports only, and nothing personal."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from openakimat.common import samples
from openakimat.control import services
from openakimat.control.models import ReportAttachment

from .conftest import SYSTEM, make_instruction, make_overdue

LANGUAGES = ["kk", "ru", "en"]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def named_official(specialist):
    specialist.first_name, specialist.last_name = "Erlan", "Seitkali"
    specialist.email = "erlan@akzhar.kz"
    specialist.save()
    return specialist


@pytest.fixture
def worked(instruction, named_official, akim):
    """An instruction with its whole story: taken, reported with a photo, extended, done."""
    services.instruction_start(actor=named_official, instruction=instruction)
    services.instruction_report(
        actor=named_official, instruction=instruction, text="Poles set", files=[("poles.png", io.BytesIO(samples.PNG))]
    )
    services.instruction_extend(
        actor=akim, instruction=instruction, deadline=instruction.deadline + timedelta(days=7), reason="Frost"
    )
    return services.instruction_complete(actor=named_official, instruction=instruction, result="All lights work")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_register_in_each_language(client, language, instruction, akzhar_akimat):
    for address in (url("control:register", language), url("control:akimat-register", language, kato="593400000")):
        response = client.get(address)
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
        assert instruction.number in response.content.decode()


def test_an_overdue_instruction_says_so_in_words(client, instruction):
    make_overdue(instruction)
    page = client.get(url("control:register")).content.decode()
    assert "state-overdue" in page and "Overdue" in page
    detail = client.get(url("control:detail", number=instruction.number)).content.decode()
    assert "Overdue: the deadline was" in detail


def test_filters_work_with_a_plain_get(client, instruction, akim, akzhar_akimat, akzhar_education):
    other = make_instruction(akim, akzhar_akimat, akzhar_education, title="Paint the school")
    page = client.get(url("control:register"), {"department": akzhar_education.pk}).content.decode()
    assert other.number in page and instruction.number not in page
    page = client.get(url("control:register"), {"status": "overdue"}).content.decode()
    assert other.number not in page and "No instructions match." in page
    response = client.get(url("control:register"), {"territory": "593430000"})
    assert response.status_code == 200
    assert instruction.number in response.content.decode() and other.number not in response.content.decode()


@pytest.mark.parametrize("query", [{"status": "lost"}, {"department": "x"}, {"territory": "999999999"}])
def test_a_bad_filter_is_a_clear_400(client, instruction, query):
    response = client.get(url("control:register"), query)
    assert response.status_code == 400
    assert "Some filters are not valid" in response.content.decode()


def test_an_unknown_akimat_is_404(client, db):
    assert client.get(url("control:akimat-register", kato="111111111")).status_code == 404
    assert client.get(url("control:detail", number="NOPE-1")).status_code == 404


def test_the_page_tells_the_story_without_personal_data(client, worked, named_official):
    response = client.get(url("control:detail", number=worked.number))
    page = response.content.decode()
    for text in ("Poles set", "Frost", "All lights work", "poles.png", "/places/593400000/", "Test place"):
        assert text in page, text
    assert worked.department.name_en in page
    for personal in ("Erlan", "Seitkali", "erlan@akzhar.kz", named_official.username):
        assert personal not in page, personal
    register = client.get(url("control:register")).content.decode()
    assert "Erlan" not in register and named_official.username not in register


def test_only_files_of_reports_are_served(client, worked):
    attachment = ReportAttachment.objects.get()
    response = client.get(url("control:file", number=worked.number, attachment_id=attachment.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content)
    assert client.get(url("control:file", number="AKZ-P999999", attachment_id=attachment.pk)).status_code == 404
    # A file of another kind of event would not be served, whatever its number.
    attachment.event.kind = "done"
    attachment.event.save()
    assert client.get(url("control:file", number=worked.number, attachment_id=attachment.pk)).status_code == 404


def test_the_register_page_costs_a_fixed_number_of_queries(
    client, akim, akzhar_akimat, akzhar_construction, akzhar_education, talshik_okrug, django_assert_num_queries
):
    for n in range(30):
        department = akzhar_construction if n % 2 else akzhar_education
        made = make_instruction(SYSTEM, akzhar_akimat, department, title=f"Work {n}", territory=talshik_okrug)
        if n % 3 == 0:
            make_overdue(made)
    # The figures are kept in the cache: the first page reads them, the second does not.
    # 1 akimat, 2 departments and territories of the filter form, 3 figures, 1 page.
    with django_assert_num_queries(7):
        assert client.get(url("control:akimat-register", kato="593400000"), {"status": "overdue"}).status_code == 200
    with django_assert_num_queries(4):
        page = client.get(url("control:akimat-register", kato="593400000"), {"page": "1"})
    assert page.status_code == 200 and page.content.decode().count("state-") >= 25
    with django_assert_num_queries(6):
        assert client.get(url("control:register")).status_code == 200


def test_the_detail_page_costs_a_fixed_number_of_queries(client, worked, django_assert_num_queries):
    reopened = services.instruction_reopen(actor=SYSTEM, instruction=worked, reason="Again")
    for n in range(5):
        services.instruction_report(
            actor=SYSTEM, instruction=reopened, text=f"Step {n}", files=[("p.png", io.BytesIO(samples.PNG))]
        )
    # the instruction, its events, their files, the source, the residents' comments
    with django_assert_num_queries(5):
        assert client.get(url("control:detail", number=worked.number)).status_code == 200


def test_the_register_shows_the_figures(client, instruction, akzhar_construction, settings):
    settings.PAGE_CACHE_VIEWS = {}  # read the view's context, not a kept page
    make_overdue(instruction)
    page = client.get(url("control:akimat-register", kato="593400000")).content.decode()
    assert "How instructions are carried out" in page and "Overdue now" in page
    figures = client.get(url("control:akimat-register", kato="593400000")).context["figures"]
    assert [(row.name, row.overdue, row.open) for row in figures.rows] == [(akzhar_construction.name_en, 1, 1)]
